package tiddly.e2e;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.sql.Engine;
import tiddly.sql.SearchIndexes;
import tiddly.testing.TiddlyServer;

/**
 * SQLite only (docs/API.md, Ranking): a search ordered by {@code _rank desc} that matches more
 * rows than the bound (1000) ranks the newest 1000 by their length in tokens, shortest first,
 * without bm25; one that matches 1000 rows or fewer ranks every match by bm25. The newest matches
 * are found by one walk of the index (docs/performance.md, Session 10): the slow-query log
 * (threshold 0) shows the statement.
 */
class SearchRankBoundTest {
    @RegisterExtension
    final TiddlyServer server = indexed(TiddlyServer.sample(settings ->
                    settings.withOperations(settings.operations().withSlowQuery(Optional.of(Duration.ZERO))))
            .withFixture("CREATE TABLE note (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
            .withFixture("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)"
                    + " INSERT INTO note SELECT i, 'note ' || i, 'zebra grass river stone' FROM n")
            // the shortest match, but the oldest: not among the newest 1000
            .withFixture("UPDATE note SET title = 'zebra', body = 'zebra' WHERE id = 1")
            .withFixture("UPDATE note SET title = 'zebra', body = NULL WHERE id = 600")
            .withFixture("UPDATE note SET title = 'zebra', body = 'grass' WHERE id = 800")
            // the most occurrences, which bm25 favours (see the second test), and the longest
            .withFixture("UPDATE note SET title = 'zebra zebra zebra', body = 'zebra zebra zebra grass river stone'"
                    + " WHERE id = 700"));

    private static TiddlyServer indexed(TiddlyServer server) {
        SearchIndexes.create(Engine.SQLITE, "note", List.of("title", "body")).forEach(server::withFixture);
        return server;
    }

    private JsonPath ranked(String where, int limit) {
        return server.http()
                .body("{\"where\": " + where + ", \"orderby\": \"_rank desc\", \"limit\": " + limit
                        + ", \"select\": [\"id\", \"_rank\"]}")
                .when()
                .request("FETCH", "/note")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aboveTheBoundTheNewestMatchesAreRankedShortestFirstThenNewestFirst() {
        server.http()
                .body("{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"zebra\"}},"
                        + " \"orderby\": \"_rank desc\", \"limit\": 5, \"select\": [\"id\", \"_rank\"]}")
                .when()
                .request("FETCH", "/note")
                .then()
                .statusCode(200)
                .body("data.id", contains(600, 800, 1001, 1000, 999))
                .body("data[0]._rank", equalTo(1.0f))
                .body("data[1]._rank", equalTo(0.5f));
    }

    @Test
    void atTheBoundEveryMatchIsRankedByBm25AsWithoutTheBound() {
        server.execute("DELETE FROM note WHERE id = 1001"); // 1000 matches: all are candidates
        String search = "{\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"zebra\"}}";
        JsonPath bounded = ranked(search, 20);
        // another condition in where: every match is ranked, as before candidates were bounded
        JsonPath every = ranked("{\"and\": [" + search + ", {\"id\": {\"gt\": 0}}]}", 20);
        assertEquals(every.getList("data.id"), bounded.getList("data.id"));
        assertEquals(every.getList("data._rank"), bounded.getList("data._rank"));
        assertEquals(700, bounded.getInt("data[0].id"), "bm25 ranks the most occurrences first");
    }

    @Test
    void theCandidatesBeyondTheBoundAreTakenFromTheOneWalkThatFindsTheNewestMatches() {
        ranked("{\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"zebra\"}}", 5);
        server.http()
                .when()
                .get("/_slow_queries")
                .then()
                .statusCode(200)
                .body(
                        "data.sql",
                        hasItem(allOf(
                                containsString("MATCH ? ORDER BY rowid DESC LIMIT ?)"),
                                not(containsString("LIMIT 1 OFFSET")))));
    }

    @Test
    void pagesBeyondTheBoundAreTheRowsAndRanksOfOneLongerPage() {
        String search = "{\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"zebra\"}}";
        JsonPath whole = ranked(search, 30);
        List<Object> ids = new ArrayList<>();
        List<Object> ranks = new ArrayList<>();
        for (int offset = 0; offset < 30; offset += 10) {
            JsonPath page = server.http()
                    .body("{\"where\": " + search + ", \"orderby\": \"_rank desc\", \"limit\": 10, \"offset\": "
                            + offset + ", \"select\": [\"id\", \"_rank\"]}")
                    .when()
                    .request("FETCH", "/note")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            ids.addAll(page.getList("data.id"));
            ranks.addAll(page.getList("data._rank"));
        }
        assertEquals(whole.getList("data.id"), ids);
        assertEquals(whole.getList("data._rank"), ranks);
        assertEquals(List.of(600, 800, 1001), whole.getList("data.id").subList(0, 3), "shortest, then newest");
    }

    @Test
    void aPageReachingPastTheBoundMakesEveryMatchACandidateRankedByBm25() {
        // offset + limit + 1 = 1006 candidates: all 1001 matches, so bm25 ranks them
        String search = "{\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"zebra\"}}";
        String every = "{\"and\": [" + search + ", {\"id\": {\"gt\": 0}}]}";
        JsonPath bounded = page(search);
        JsonPath all = page(every);
        assertEquals(all.getList("data.id"), bounded.getList("data.id"));
        assertEquals(all.getList("data._rank"), bounded.getList("data._rank"));
        assertEquals(996, bounded.getList("data.id").size());
    }

    private JsonPath page(String where) {
        return server.http()
                .body("{\"where\": " + where + ", \"orderby\": \"_rank desc\", \"limit\": 1000, \"offset\": 5,"
                        + " \"select\": [\"id\", \"_rank\"]}")
                .when()
                .request("FETCH", "/note")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
