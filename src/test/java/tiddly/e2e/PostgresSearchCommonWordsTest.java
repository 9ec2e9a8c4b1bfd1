package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.response.ValidatableResponse;
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
 * PostgreSQL only: the statistics of the last ANALYZE choose how a search's rows are found, never
 * which. A required word that most rows hold is not looked up in the GIN index when the search has
 * a rarer required word; the whole query is then tested on each row the rarer words find
 * (docs/performance.md, Session 9). The candidates of a ranked search whose words are in many
 * rows are found by a scan that stops at the 501st match, not through the index, which would read
 * the words' whole lists; a count of the same search still uses the index (Session 12). The
 * slow-query log (threshold 0) shows the statements' SQL.
 */
class PostgresSearchCommonWordsTest {
    private static final boolean POSTGRES = TestDatabase.current() == TestDatabase.POSTGRES;

    @RegisterExtension
    final TiddlyServer server = fixtures(TiddlyServer.sample(
            settings -> settings.withOperations(settings.operations().withSlowQuery(Optional.of(Duration.ZERO)))));

    private static TiddlyServer fixtures(TiddlyServer server) {
        if (!POSTGRES) {
            return server;
        }
        // "river" in every row but 30 and 40, "comet" in rows 10, 20, 30 and 40 (and 20 twice)
        server.withFixture("CREATE TABLE page (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
                .withFixture(
                        "INSERT INTO page SELECT i, 'page ' || i, 'river stone ' || i FROM generate_series(1, 400) AS i")
                .withFixture("UPDATE page SET body = 'comet over the river' WHERE id = 10")
                .withFixture("UPDATE page SET body = 'comet comet river' WHERE id = 20")
                .withFixture("UPDATE page SET body = 'comet over the sea' WHERE id IN (30, 40)");
        SearchIndexes.create(Engine.POSTGRES, "page", List.of("title", "body")).forEach(server::withFixture);
        // 20,000 rows: "alpha" in 7 of 10, "beta" in 7 of 10, both in rows whose id ends in 3 to 6
        server.withFixture("CREATE TABLE many (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
                .withFixture("INSERT INTO many SELECT i, 'page', CASE WHEN i % 10 < 3 THEN 'alpha'"
                        + " WHEN i % 10 < 7 THEN 'alpha beta' ELSE 'beta' END FROM generate_series(1, 20000) AS i");
        SearchIndexes.create(Engine.POSTGRES, "many", List.of("title", "body")).forEach(server::withFixture);
        return server.withFixture("ANALYZE page").withFixture("ANALYZE many");
    }

    @BeforeEach
    void onPostgresOnly() {
        assumeTrue(POSTGRES, "PostgreSQL's search index");
    }

    private ValidatableResponse ranked(String query) {
        return ranked("page", query, 10);
    }

    private ValidatableResponse ranked(String table, String query, int limit) {
        return server.http()
                .body("{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"" + query
                        + "\"}}, \"orderby\": \"_rank desc\", \"limit\": " + limit
                        + ", \"select\": [\"id\", \"_rank\"]}")
                .when()
                .request("FETCH", "/" + table)
                .then()
                .statusCode(200);
    }

    private ValidatableResponse statements() {
        return server.http().when().get("/_slow_queries").then().statusCode(200);
    }

    @Test
    void aWordInMostRowsIsTestedOnTheRowsThatTheRarerWordsFindNotLookedUpInTheIndex() {
        // ts_rank: 20 has two comets
        ranked("river comet").body("data.id", contains(20, 10));
        statements().body("data.sql", hasItem(containsString("ts_match_vq(")));
    }

    @Test
    void aPhraseAndAnExclusionKeepTheirMeaningWhenTheCommonWordIsLeftOut() {
        ranked("river \\\"over the\\\"").body("data.id", contains(10));
        ranked("river comet -over").body("data.id", contains(20));
        statements().body("data.sql", hasItem(containsString("ts_match_vq(")));
    }

    @Test
    void withoutAnotherRequiredWordTheCommonWordIsLookedUpInTheIndex() {
        // one "river" each, so ts_rank ties and the newest come first
        ranked("river -stone").body("data.id", contains(20, 10));
        ranked("river OR comet").body("data.id[0]", equalTo(20)).body("data.id[1]", equalTo(10));
        ranked("riv* comet").body("data.id", contains(20, 10));
        statements().body("data.sql", everyItem(not(containsString("ts_match_vq("))));
    }

    @Test
    void theCandidatesOfWordsInManyRowsAreTestedRowByRowNotLookedUp() {
        // 8,000 matches: the first 501 in table order (ids 3 to 1,253), all of three words
        ranked("many", "alpha beta", 3)
                .body("data.id", contains(1253, 1246, 1245))
                .body("data[0]._rank", equalTo(0.33333334f));
        statements()
                .body("data.sql", hasItem(containsString("WHERE ts_match_vq(")))
                .body("data.sql", everyItem(not(containsString("\" @@ to_tsquery"))));
    }

    @Test
    void aCountOfTheSameSearchStillUsesTheIndex() {
        server.http()
                .body("{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"alpha beta\"}},"
                        + " \"limit\": 0, \"count\": true}")
                .when()
                .request("FETCH", "/many")
                .then()
                .statusCode(200)
                .body("count", equalTo(8000));
        statements().body("data.sql", everyItem(not(containsString("ts_match_vq("))));
    }
}
