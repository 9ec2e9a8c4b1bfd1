package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** orderby of a value inside a JSON column: one typed order on SQLite, PostgreSQL and MariaDB. */
class JsonPathOrderTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE item (id INTEGER PRIMARY KEY, meta JSON, name TEXT, secret JSON)")
            .withFixture("""
                    INSERT INTO item VALUES
                    (1, '{"color": "red", "dims": {"w": 10}, "ok": true, "n": 9}', 'a', NULL),
                    (2, '{"color": "blue", "dims": {"w": 20}, "ok": false, "n": [1]}', 'b', NULL),
                    (3, '{"color": "red", "dims": {"w": "10"}, "n": "9"}', 'c', NULL),
                    (4, NULL, 'd', NULL),
                    (5, '{"color": "Red", "dims": {"w": 2.5}, "n": null}', 'e', NULL),
                    (6, '{"color": "red", "dims": {"w": 100}, "n": true}', 'f', NULL)""")
            .withConfigText("""
                    {"rules": {"anon": {"item": {"read": true, "hidden": ["secret"]}}}}""");

    private ValidatableResponse fetch(String orderby) {
        return server.http()
                .body("{\"select\": [\"id\"], \"orderby\": " + orderby + "}")
                .when()
                .request("FETCH", "/item")
                .then();
    }

    private void orders(String orderby, Integer... ids) {
        fetch(orderby).statusCode(200).body("data.id", contains(ids));
    }

    @Test
    void numbersOrderByValueThenStringsByCodePoint() {
        // 2.5 < 10 < 20 < 100 as numbers (as text 10 < 100 < 2.5 < 20); the string "10" after every number.
        orders("[{\"path\": [\"dims\", \"w\"], \"of\": \"meta\"}]", 4, 5, 1, 2, 6, 3);
        orders("[{\"path\": [\"dims\", \"w\"], \"of\": \"meta\", \"order\": \"desc\"}]", 3, 6, 2, 1, 5, 4);
        orders("[{\"path\": [\"color\"], \"of\": \"meta\"}]", 4, 5, 2, 1, 3, 6);
    }

    @Test
    void nullsAndMissingValuesGoWhereTheOrderSays() {
        orders("[{\"path\": [\"dims\", \"w\"], \"of\": \"meta\", \"order\": \"asc nulls last\"}]", 5, 1, 2, 6, 3, 4);
        orders("[{\"path\": [\"dims\", \"w\"], \"of\": \"meta\", \"order\": \"DESC NULLS FIRST\"}]", 4, 3, 6, 2, 1, 5);
        orders("[{\"path\": [\"ok\"], \"of\": \"meta\"}]", 3, 4, 5, 6, 2, 1);
    }

    @Test
    void typesOrderAsNumbersStringsBooleansThenArraysAndObjects() {
        // n: 9 (number), [1] (array), "9" (string), NULL column, JSON null, true; ties end with the key.
        orders("[{\"path\": [\"n\"], \"of\": \"meta\"}, \"id desc\"]", 5, 4, 1, 3, 6, 2);
    }

    @Test
    void aPathOrderCombinesWithColumnsAndFiltersAndHasNoCursor() {
        fetch("[{\"path\": [\"color\"], \"of\": \"meta\", \"order\": \"desc\"}, \"name desc\"], \"limit\": 2")
                .statusCode(200)
                .body("data.id", contains(6, 3))
                .body("$", not(hasKey("next")));
        server.http()
                .body("""
                        {"select": ["id"], "where": {"meta": {"path": ["color"], "eq": "red"}},
                         "orderby": [{"path": ["dims", "w"], "of": "meta", "order": "desc"}], "limit": 2, "offset": 1}""")
                .when()
                .request("FETCH", "/item")
                .then()
                .statusCode(200)
                .body("data.id", contains(6, 1));
    }

    @Test
    void misusedPathOrdersAre400() {
        fetch("[{\"path\": [\"x\"], \"of\": \"name\"}]")
                .statusCode(400)
                .body("code", equalTo("invalid_orderby"))
                .body("error", equalTo("'path' orders by a value inside JSON; column 'name' is not JSON"));
        fetch("[{\"path\": [\"x\"], \"of\": \"secret\"}]").statusCode(400).body("code", equalTo("hidden_column"));
        fetch("[{\"path\": [\"x\"], \"of\": \"nope\"}]").statusCode(400).body("code", equalTo("unknown_column"));
        fetch("[{\"path\": [\"x\"]}]").statusCode(400).body("code", equalTo("invalid_orderby"));
        fetch("[{\"path\": [], \"of\": \"meta\"}]").statusCode(400).body("code", equalTo("invalid_orderby"));
        fetch("[{\"path\": [\"x\"], \"of\": \"meta\", \"order\": \"upward\"}]")
                .statusCode(400)
                .body("code", equalTo("invalid_orderby"));
        fetch("[{\"path\": [\"x\"], \"of\": \"meta\", \"as\": \"x\"}]")
                .statusCode(400)
                .body("error", equalTo("unknown key 'as' in an orderby path; expected path, of and order"));
        fetch("[{\"path\": [\"x\"], \"of\": \"meta\"}], \"distinct\": true")
                .statusCode(400)
                .body("code", equalTo("invalid_orderby"));
        fetch("[{\"path\": [\"x\"], \"of\": \"meta\"}], \"cursor\": \"abc.def\"")
                .statusCode(400)
                .body("code", equalTo("invalid_cursor"));
    }
}
