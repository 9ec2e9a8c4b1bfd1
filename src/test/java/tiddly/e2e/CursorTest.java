package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** Keyset pagination: following "next" visits every row once, in order, for any orderby. */
class CursorTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    private List<Object> all(String table, String orderby) {
        return server.http()
                .body("{\"orderby\": \"" + orderby + "\"}")
                .when()
                .request("FETCH", "/" + table)
                .then()
                .statusCode(200)
                .extract()
                .path("data.id");
    }

    private List<Object> paged(String table, String orderby, int size) {
        List<Object> ids = new ArrayList<>();
        String cursor = null;
        do {
            String body = "{\"orderby\": \"" + orderby + "\", \"limit\": " + size
                    + (cursor == null ? "" : ", \"cursor\": \"" + cursor + "\"") + "}";
            JsonPath page = server.http()
                    .body(body)
                    .when()
                    .request("FETCH", "/" + table)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            ids.addAll(page.getList("data.id"));
            cursor = page.getString("next");
        } while (cursor != null);
        return ids;
    }

    @Test
    void followingNextVisitsEveryRowOnceInOrder() {
        for (String orderby :
                List.of("id", "year desc", "genre", "genre desc nulls first, year", "in_print, title desc")) {
            assertEquals(all("book", orderby), paged("book", orderby, 7), orderby);
        }
        for (String orderby : List.of("born", "born desc", "born nulls last", "born desc nulls first")) {
            assertEquals(all("author", orderby), paged("author", orderby, 3), orderby);
        }
    }

    @Test
    void theLastPageHasNoNext() {
        server.http()
                .body("{\"limit\": 60}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("next", nullValue());
        server.http()
                .body("{\"limit\": 59}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("next", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aTamperedCursorIs400() {
        String next = server.http()
                .body("{\"limit\": 5}")
                .when()
                .request("FETCH", "/book")
                .then()
                .extract()
                .path("next");
        String tampered = next.substring(0, 5) + (next.charAt(5) == 'A' ? 'B' : 'A') + next.substring(6);
        server.http()
                .body("{\"limit\": 5, \"cursor\": \"" + tampered + "\"}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_cursor"))
                .body("error", equalTo("invalid cursor: it was changed or is not a cursor of this server"));
        server.http()
                .body("{\"cursor\": \"nonsense\"}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_cursor"));
    }

    @Test
    void aCursorOfAnotherQueryIs400() {
        String next = server.http()
                .body("{\"limit\": 5}")
                .when()
                .request("FETCH", "/book")
                .then()
                .extract()
                .path("next");
        server.http()
                .body("{\"limit\": 5, \"orderby\": \"year\", \"cursor\": \"" + next + "\"}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body(
                        "error",
                        equalTo("invalid cursor: it belongs to another query;"
                                + " send the same where, orderby and select with it"));
    }

    @Test
    void aCursorWithAnOffsetIs400() {
        String next = server.http()
                .body("{\"limit\": 5}")
                .when()
                .request("FETCH", "/book")
                .then()
                .extract()
                .path("next");
        server.http()
                .body("{\"limit\": 5, \"offset\": 5, \"cursor\": \"" + next + "\"}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("error", equalTo("send either 'cursor' or 'offset', not both"));
    }

    @Test
    void getPagesWithACursorParameterToo() {
        String next = server.http()
                .when()
                .get("/book?limit=2&orderby=year")
                .then()
                .statusCode(200)
                .extract()
                .path("next");
        server.http()
                .queryParam("cursor", next)
                .when()
                .get("/book?limit=2&orderby=year")
                .then()
                .statusCode(200)
                .body("data.id", org.hamcrest.Matchers.contains(2, 50));
    }
}
