package tiddly.servers;

import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** The slow-query log's plan advice from PostgreSQL's EXPLAIN. */
class PostgresSlowQueryTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings ->
                    settings.withOperations(settings.operations().withSlowQuery(Optional.of(Duration.ZERO))))
            .withFixture("CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL, price real, category text)")
            .withFixture("INSERT INTO item SELECT i, 'item-' || i, (i * 7919) % 1000, 'c' || (i % 10)"
                    + " FROM generate_series(1, 2000) AS i");

    @Test
    void aWhereOnAColumnWithoutAnIndexIsASequentialScanAndASortWithTheIndexForBoth() {
        server.http()
                .body("{\"where\": {\"name\": \"item-7\"}}")
                .when()
                .request("FETCH", "/item")
                .then()
                .statusCode(200);
        server.http()
                .when()
                .get("/_slow_queries")
                .then()
                .statusCode(200)
                .body("data[0].table", equalTo("item"))
                .body(
                        "data[0].verdict",
                        equalTo("reads every row of 'item' and sorts them: no index serves its where or orderby"))
                .body("data[0].index", equalTo("CREATE INDEX \"item_name_id\" ON \"item\" (\"name\", \"id\")"));
    }
}
