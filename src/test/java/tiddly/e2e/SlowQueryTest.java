package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * The slow-query log, with a threshold of 0 so that every statement is "slow": what it names, what
 * it never names (values), and the plan's advice for a category page sorted by price.
 */
class SlowQueryTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings ->
                    settings.withOperations(settings.operations().withSlowQuery(Optional.of(Duration.ZERO))))
            .withFixture("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, category TEXT)")
            .withFixture("CREATE INDEX item_category ON item (category)")
            .withFixture("INSERT INTO item (id, name, price, category) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                    + " SELECT i + 1 FROM n WHERE i < 2000) SELECT i, 'item-' || i, (i * 7919) % 1000, 'c' || (i % 10)"
                    + " FROM n");

    private Map<String, Object> last() {
        return JsonPath.from(server.http()
                        .when()
                        .get("/_slow_queries")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .getMap("data[0]");
    }

    @Test
    void aCategoryPageSortedByPriceWithOnlyACategoryIndexIsToldToIndexBoth() {
        assumeTrue(server.database() == TestDatabase.SQLITE, "the fixture and the plan are SQLite's");
        String requestId = server.http()
                .body("{\"where\": {\"category\": \"c3\"}, \"orderby\": \"price desc\", \"limit\": 20}")
                .when()
                .request("FETCH", "/item")
                .then()
                .statusCode(200)
                .extract()
                .header("X-Request-Id");
        Map<String, Object> entry = last();
        assertEquals(requestId, entry.get("request_id"));
        assertEquals("item", entry.get("table"));
        assertTrue(entry.get("sql").toString().contains("WHERE \"category\" = ?"), entry.toString());
        assertFalse(entry.get("sql").toString().contains("c3"), "a value in the log: " + entry);
        assertEquals(21, entry.get("rows")); // the page and the one row that says a next page exists
        assertEquals(
                "sorts the rows it found: no index of 'item' serves its orderby after its where", entry.get("verdict"));
        assertEquals("CREATE INDEX \"item_category_price\" ON \"item\" (\"category\", \"price\")", entry.get("index"));

        server.execute("CREATE INDEX item_category_price ON item (category, price)");
        server.http().when().post("/_schema/reload").then().statusCode(200);
        server.http()
                .body("{\"where\": {\"category\": \"c3\"}, \"orderby\": \"price desc\", \"limit\": 20}")
                .when()
                .request("FETCH", "/item")
                .then()
                .statusCode(200);
        assertNull(last().get("verdict"), "with the index, the plan needs no advice");
    }

    @Test
    void aWhereOnAColumnWithoutAnIndexReadsEveryRow() {
        assumeTrue(server.database() == TestDatabase.SQLITE, "the fixture is SQLite's");
        server.http()
                .body("{\"where\": {\"name\": \"item-7\"}}")
                .when()
                .request("FETCH", "/item")
                .then()
                .statusCode(200);
        Map<String, Object> entry = last();
        assertEquals("reads every row of 'item': no index serves its where", entry.get("verdict"));
        assertEquals("CREATE INDEX \"item_name\" ON \"item\" (\"name\")", entry.get("index"));
    }

    @Test
    void anOrderByAnAggregateIsNeverAdvisedAsAnIndexedColumn() {
        assumeTrue(server.database() == TestDatabase.SQLITE, "the fixture and the plan are SQLite's");
        server.http()
                .body(
                        "{\"select\": [\"category\", {\"count\": \"*\", \"as\": \"n\"}], \"where\": {\"category\": \"c3\"},"
                                + " \"groupby\": [\"category\"], \"orderby\": \"n desc\"}")
                .when()
                .request("FETCH", "/item")
                .then()
                .statusCode(200);
        Object index = last().get("index");
        // before: CREATE INDEX "item_category_n" ON "item" ("category", "n"), a column the table has not
        assertTrue(index == null || !index.toString().contains("\"n\""), "advised: " + index);
    }

    @Test
    void writesAreLoggedWithoutAPlan() {
        server.http()
                .body("{\"name\": \"Ursula\"}")
                .when()
                .post("/author")
                .then()
                .statusCode(201);
        server.http()
                .when()
                .get("/_slow_queries")
                .then()
                .statusCode(200)
                // the realtime outbox's own insert may be listed too: find the author's
                .body("data.find { it.table == 'author' }.verdict", nullValue())
                .body("data.find { it.table == 'author' }.rows", equalTo(1));
    }
}
