package tiddly.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.sql.Engine;
import tiddly.sql.SearchIndexes;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * PostgreSQL only (docs/performance.md, Session 12): the candidates of a ranked search whose
 * words are in many rows, by the statistics of the last ANALYZE, are found by a scan that stops at
 * the 501st match, not through the GIN index, which would read the words' whole lists; a count of
 * the same search still uses the index. The slow-query log (threshold 0) shows the SQL.
 */
class PostgresSearchScanTest {
    private static final boolean POSTGRES = TestDatabase.current() == TestDatabase.POSTGRES;

    @RegisterExtension
    final TiddlyServer server = fixtures(TiddlyServer.sample(
            settings -> settings.withOperations(settings.operations().withSlowQuery(Optional.of(Duration.ZERO)))));

    private static TiddlyServer fixtures(TiddlyServer server) {
        if (!POSTGRES) {
            return server;
        }
        // 20,000 rows: "alpha" in 7 of 10, "beta" in 7 of 10, both in rows whose id ends in 3 to 6
        server.withFixture("CREATE TABLE page (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
                .withFixture("INSERT INTO page SELECT i, 'page', CASE WHEN i % 10 < 3 THEN 'alpha'"
                        + " WHEN i % 10 < 7 THEN 'alpha beta' ELSE 'beta' END FROM generate_series(1, 20000) AS i");
        SearchIndexes.create(Engine.POSTGRES, "page", List.of("title", "body")).forEach(server::withFixture);
        return server.withFixture("ANALYZE page");
    }

    @BeforeEach
    void onPostgresOnly() {
        assumeTrue(POSTGRES, "PostgreSQL's search index");
    }

    private List<String> statements() {
        return server.http()
                .when()
                .get("/_slow_queries")
                .then()
                .statusCode(200)
                .extract()
                .path("data.sql");
    }

    @Test
    void theCandidatesOfWordsInManyRowsAreTestedRowByRowNotLookedUp() {
        server.http()
                .body("{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"alpha beta\"}},"
                        + " \"orderby\": \"_rank desc\", \"limit\": 3, \"select\": [\"id\", \"_rank\"]}")
                .when()
                .request("FETCH", "/page")
                .then()
                .statusCode(200)
                // 8,000 matches: the first 501 in table order (ids 3 to 1,253), all of three words
                .body("data.id", contains(1253, 1246, 1245))
                .body("data[0]._rank", equalTo(0.33333334f));
        List<String> sql = statements();
        assertThat(sql, hasItem(containsString("WHERE ts_match_vq(")));
        assertThat(sql, everyItem(not(containsString("\" @@ to_tsquery"))));
    }

    @Test
    void aCountOfTheSameSearchStillUsesTheIndex() {
        server.http()
                .body("{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"alpha beta\"}},"
                        + " \"limit\": 0, \"count\": true}")
                .when()
                .request("FETCH", "/page")
                .then()
                .statusCode(200)
                .body("count", equalTo(8000));
        assertThat(statements(), everyItem(not(containsString("ts_match_vq("))));
    }
}
