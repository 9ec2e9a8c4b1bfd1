package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class UpdateTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void putByKeyUpdatesTheGivenColumnsAndReturnsTheRow() {
        server.http()
                .body("""
                        {"title": "Renamed", "in_print": false}""")
                .when()
                .put("/book/3")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(3))
                .body("data.title", equalTo("Renamed"))
                .body("data.in_print", equalTo(false))
                .body("data.author_id", equalTo(3));
        assertEquals("Renamed", server.scalar("SELECT title FROM book WHERE id = 3"));
    }

    @Test
    void putWithTheKeyInTheBodyUpdatesThatRow() {
        server.http()
                .body("""
                        {"code": "sf", "name": "Speculative fiction"}""")
                .when()
                .put("/genre")
                .then()
                .statusCode(200)
                .body("data.name", equalTo("Speculative fiction"));
        assertEquals("Speculative fiction", server.scalar("SELECT name FROM genre WHERE code = 'sf'"));
    }

    @Test
    void putOfAMissingRowIs404() {
        server.http()
                .body("{\"title\": \"Nobody\"}")
                .when()
                .put("/book/999")
                .then()
                .statusCode(404)
                .body("code", equalTo("row_not_found"));
    }

    @Test
    void putOfAWrongTypeIs400AndChangesNothing() {
        server.http()
                .body("{\"year\": \"soon\"}")
                .when()
                .put("/book/3")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_value"))
                .body("error", equalTo("column 'year' expects an integer, got \"soon\""));
        assertEquals(1990, server.scalar("SELECT year FROM book WHERE id = 3"));
    }

    @Test
    void putWithoutTheKeyIs400() {
        server.http()
                .body("{\"name\": \"No key\"}")
                .when()
                .put("/genre")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_key"))
                .body("error", equalTo("PUT /genre needs the primary key 'code' in the body, or use PUT /genre/<key>"));
    }

    @Test
    void putThatWouldChangeTheKeyIs400() {
        server.http()
                .body("{\"id\": 4, \"title\": \"Moved\"}")
                .when()
                .put("/book/3")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_key"));
    }

    @Test
    void settingANotNullColumnToNullIs400() {
        server.http()
                .body("{\"title\": null}")
                .when()
                .put("/book/3")
                .then()
                .statusCode(400)
                .body("error", equalTo("column 'title' may not be null"));
    }

    @Test
    void pointingAtAMissingRowIs409() {
        server.http()
                .body("{\"author_id\": 999}")
                .when()
                .put("/book/3")
                .then()
                .statusCode(409)
                .body("code", equalTo("foreign_key_violation"));
    }
}
