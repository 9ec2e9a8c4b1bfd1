package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.Settings;
import tiddly.testing.TiddlyServer;

/** {@code --base-path}: every route, the reserved ones too, answers under the prefix and nowhere else. */
class BasePathTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withBasePath("/api/v1/"));

    @Test
    void tablesAndReservedRoutesAnswerUnderThePrefix() {
        server.http().get("/api/v1/book/1").then().statusCode(200).body("data.title", equalTo("Book 1"));
        server.http().get("/api/v1/_schema").then().statusCode(200);
        server.http().get("/api/v1/_health").then().statusCode(200);
        server.http().get("/api/v1/_info").then().statusCode(200).body("data.name", equalTo("Tiddly"));
        server.http()
                .body("[{\"method\": \"GET\", \"table\": \"book\", \"key\": 2}]")
                .post("/api/v1/_batch")
                .then()
                .statusCode(200)
                .body("data[0].data.id", equalTo(2));
        server.http()
                .body("{\"title\": \"New\", \"author_id\": 1}")
                .post("/api/v1/book")
                .then()
                .statusCode(201);
    }

    @Test
    void pathsOutsideThePrefixAreA404Envelope() {
        server.http()
                .get("/book/1")
                .then()
                .statusCode(404)
                .body("code", equalTo("no_route"))
                .body("error", equalTo("no route for GET /book/1 (this server serves under /api/v1)"));
        server.http().get("/_health").then().statusCode(404).body("code", equalTo("no_route"));
        server.http().get("/api/v1book").then().statusCode(404);
    }

    @Test
    void cursorsWorkUnderThePrefix() {
        String next = server.http()
                .body("{\"orderby\": \"id\", \"limit\": 2}")
                .request("FETCH", "/api/v1/book")
                .then()
                .statusCode(200)
                .body("next", notNullValue())
                .extract()
                .path("next");
        server.http()
                .body("{\"orderby\": \"id\", \"limit\": 2, \"cursor\": \"" + next + "\"}")
                .request("FETCH", "/api/v1/book")
                .then()
                .statusCode(200)
                .body("data.id", contains(3, 4));
    }

    @Test
    void aPrefixIsNormalizedAndAnInvalidOneRefused() {
        assertEquals("/api", Settings.defaults().withBasePath("api/").basePath());
        assertEquals("", Settings.defaults().withBasePath("/").basePath());
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withBasePath("/_admin"));
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withBasePath("/a b"));
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withBasePath("/api/.."));
    }
}
