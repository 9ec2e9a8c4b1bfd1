package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class DeleteTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void deleteByKeyReturnsTheDeletedRow() {
        server.http()
                .when()
                .delete("/book/60")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(60))
                .body("data.title", equalTo("Book 60"));
        server.http().when().get("/book/60").then().statusCode(404);
    }

    @Test
    void deleteOfAMissingRowIs404() {
        server.http().when().delete("/book/999").then().statusCode(404).body("code", equalTo("row_not_found"));
    }

    @Test
    void deleteWithAWhereReturnsTheCount() {
        server.http().body("""
                        {"where": {"author_id": 10}}""").when().delete("/book").then().statusCode(200).body("data.deleted", equalTo(6));
        assertEquals(54, server.scalar("SELECT count(*) FROM book"));
    }

    @Test
    void deleteWithoutAWhereIs400AndDeletesNothing() {
        for (String body : new String[] {"", "{}", "{\"where\": {}}"}) {
            server.http()
                    .body(body)
                    .when()
                    .delete("/book")
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("where_required"))
                    .body(
                            "error",
                            equalTo("DELETE /book needs a non-empty 'where' in the body, or \"all\": true;"
                                    + " to delete one row use DELETE /book/<key>"));
        }
        assertEquals(60, server.scalar("SELECT count(*) FROM book"));
    }

    @Test
    void deletingAReferencedRowIs409() {
        server.http()
                .when()
                .delete("/author/1")
                .then()
                .statusCode(409)
                .body("code", equalTo("foreign_key_violation"))
                .body("error", equalTo("the row of 'author' is still referred to by rows of another table"));
        assertEquals(10, server.scalar("SELECT count(*) FROM author"));
    }
}
