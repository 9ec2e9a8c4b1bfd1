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
 * PostgreSQL only (docs/performance.md, Session 9): a required word that most rows hold, by the
 * statistics of the last ANALYZE, is not looked up in the GIN index when the search has a rarer
 * required word; the whole query is then tested on each row the rarer words find, so the rows are
 * the same. The slow-query log (threshold 0) shows the statement's SQL.
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
        return server.withFixture("ANALYZE page");
    }

    @BeforeEach
    void onPostgresOnly() {
        assumeTrue(POSTGRES, "PostgreSQL's search index");
    }

    private ValidatableResponse ranked(String query) {
        return server.http()
                .body("{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"" + query
                        + "\"}}, \"orderby\": \"_rank desc\", \"limit\": 10, \"select\": [\"id\"]}")
                .when()
                .request("FETCH", "/page")
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
}
