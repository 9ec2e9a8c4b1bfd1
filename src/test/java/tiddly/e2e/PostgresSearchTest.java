package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.response.ValidatableResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.sql.Engine;
import tiddly.sql.SearchIndexes;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * PostgreSQL only (docs/API.md, Ranking): the GIN index reads a document without positions, a
 * search ordered by {@code _rank desc} with more matches than the bound (500) ranks the first
 * 501 by their number of distinct words, fewest first, one with 500 or fewer by ts_rank; an
 * index made by an older Tiddly (one document, with positions) keeps working and is upgraded by
 * the statements of {@code search-index}.
 */
class PostgresSearchTest {
    private static final boolean POSTGRES = TestDatabase.current() == TestDatabase.POSTGRES;

    /** The statements an older Tiddly's {@code search-index} ran (before commit "pgsearch"). */
    private static final List<String> OLDER_INDEX = List.of(
            "CREATE TABLE old (id INTEGER PRIMARY KEY, title TEXT, body TEXT)",
            "INSERT INTO old VALUES (1, 'Dune', 'desert spice desert'), (2, 'Messiah', 'spice desert throne'),"
                    + " (3, 'Hyperion', 'shrike desert')",
            "ALTER TABLE \"old\" ADD COLUMN \"_search_old_be88f8e4\" tsvector GENERATED ALWAYS AS"
                    + " (to_tsvector('simple'::regconfig, coalesce(\"title\", ''))"
                    + " || to_tsvector('simple'::regconfig, coalesce(\"body\", ''))) STORED",
            "CREATE INDEX \"_search_old_be88f8e4\" ON \"old\" USING GIN (\"_search_old_be88f8e4\")",
            "COMMENT ON INDEX \"_search_old_be88f8e4\" IS 'tiddly search [\"title\",\"body\"]'");

    @RegisterExtension
    final TiddlyServer server = fixtures(TiddlyServer.sample());

    private static TiddlyServer fixtures(TiddlyServer server) {
        if (!POSTGRES) {
            return server;
        }
        server.withConfig("""
                {"queries": {"seqscans": {"sql": "SELECT current_setting('synchronize_seqscans')", "params": {},
                 "read_only": true, "returns": "scalar"}}}""");
        server.withFixture("CREATE TABLE note (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
                .withFixture("INSERT INTO note SELECT i, 'note ' || i, 'zebra grass river stone'"
                        + " FROM generate_series(1, 501) AS i")
                .withFixture("UPDATE note SET title = 'zebra', body = 'zebra' WHERE id = 1")
                .withFixture("UPDATE note SET title = 'zebra', body = NULL WHERE id = 300")
                .withFixture("UPDATE note SET title = 'zebra', body = 'grass' WHERE id = 400")
                // the most occurrences, which ts_rank favours, in four distinct words
                .withFixture("UPDATE note SET title = 'zebra zebra zebra',"
                        + " body = 'zebra zebra zebra grass river stone' WHERE id = 350");
        SearchIndexes.create(Engine.POSTGRES, "note", List.of("title", "body")).forEach(server::withFixture);
        OLDER_INDEX.forEach(server::withFixture);
        return server;
    }

    @BeforeEach
    void onPostgresOnly() {
        assumeTrue(POSTGRES, "PostgreSQL's search index");
    }

    private ValidatableResponse ranked(String table, String query, int limit) {
        return server.http()
                .body("{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \""
                        + query.replace("\"", "\\\"")
                        + "\"}}, \"orderby\": \"_rank desc\", \"limit\": " + limit
                        + ", \"select\": [\"id\", \"_rank\"]}")
                .when()
                .request("FETCH", "/" + table)
                .then()
                .statusCode(200);
    }

    /** Else the candidates of very common words move from request to request (docs/API.md, Ranking). */
    @Test
    void sessionsStartEachSequentialScanAtTheTablesFirstPage() {
        server.http().when().get("/_rpc/seqscans").then().statusCode(200).body("data", equalTo("off"));
    }

    @Test
    void aboveTheBoundTheFirstMatchesAreRankedByTheirNumberOfDistinctWordsThenNewestFirst() {
        // 501 matches: all are candidates, ids 1 and 300 hold one word, 400 two, 350 four, the rest six
        ranked("note", "zebra", 5)
                .body("data.id", contains(300, 1, 400, 350, 501))
                .body("data[0]._rank", equalTo(1.0f))
                .body("data[2]._rank", equalTo(0.5f))
                .body("data[3]._rank", equalTo(0.25f));
    }

    @Test
    void atTheBoundEveryMatchIsRankedByTsRank() {
        server.execute("DELETE FROM note WHERE id = 501");
        // 350 has six zebras, 1 two, the others one each: the newest first
        ranked("note", "zebra", 3).body("data.id", contains(350, 1, 500));
    }

    @Test
    void aPhraseIsTestedOnTheDocumentWithPositions() {
        server.execute("UPDATE note SET body = 'zebra stone river grass' WHERE id = 5");
        // ids 1, 300 and 400 have no "river stone", id 5 has its words in another order
        server.http()
                .body("{\"where\": {\"and\": [{\"search\": {\"columns\": [\"title\", \"body\"], \"query\":"
                        + " \"\\\"river stone\\\" zebra\"}}, {\"id\": {\"lte\": 10}}]}, \"select\": [\"id\"]}")
                .when()
                .request("FETCH", "/note")
                .then()
                .statusCode(200)
                .body("data.id", containsInAnyOrder(2, 3, 4, 6, 7, 8, 9, 10));
        ranked("note", "zebra -\"river stone\"", 10).body("data.id", containsInAnyOrder(300, 1, 400, 5));
        ranked("note", "\"stone river\"", 10).body("data.id", contains(5));
    }

    @Test
    void anIndexMadeByAnOlderTiddlyKeepsWorkingAndIsUpgradedBySearchIndex() {
        ranked("old", "desert", 10).body("data.id", contains(1, 3, 2)); // two deserts, then the newest
        ranked("old", "\"spice desert\"", 10).body("data.id", containsInAnyOrder(1, 2));
        SearchIndexes.upgrade("old", List.of("title", "body")).forEach(server::execute);
        server.http().when().post("/_schema/reload").then().statusCode(200);
        assertEquals(
                "_search_words_be88f8e4",
                server.scalar("SELECT a.attname FROM pg_index x JOIN pg_attribute a ON a.attrelid = x.indrelid"
                        + " AND a.attnum = x.indkey[0] WHERE x.indexrelid = '\"_search_old_be88f8e4\"'::regclass"));
        ranked("old", "desert", 10).body("data.id", contains(1, 3, 2)); // two deserts, then the newest
        ranked("old", "\"spice desert\"", 10).body("data.id", containsInAnyOrder(1, 2));
        server.http()
                .body("{\"id\": 4, \"title\": \"Arrakis\", \"body\": \"spice\"}")
                .when()
                .post("/old")
                .then()
                .statusCode(201);
        ranked("old", "spice -desert", 10).body("data.id", contains(4));
    }
}
