package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * The hostile review of 2026-12-03 evening (docs/security.md): on SQLite the statement timeout
 * ended at a statement's first row, so a query that finds one row at once and then searches on
 * (a {@code has} over an unindexed column of two large tables: 61 s for 20,000 rows each; here a
 * view that never ends) held its connection and a core for as long as it ran, for ever here. The
 * search for each next row now has the timeout too; handing a row to a slow client does not count.
 */
class RunawayQueryAttackTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withStatementTimeout(Duration.ofSeconds(1)))
            .withConfig("""
                    {"queries": {"numbers": {"sql": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n\
                     WHERE i < 200000) SELECT i FROM n", "params": {}, "read_only": true}}}""")
            .withFixture("CREATE VIEW lingering AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                    + " SELECT i AS id FROM n WHERE i = 1");

    @Test
    void aQueryThatFindsARowAndThenSearchesOnIsStoppedByTheStatementTimeout() {
        assumeTrue(
                server.database() != TestDatabase.MARIADB,
                "MariaDB ends a recursive CTE after max_recursive_iterations; ServerDatabaseTest times out SLEEP()");
        server.http()
                .body("{}")
                .when()
                .request("FETCH", "/lingering")
                .then()
                .statusCode(503)
                .body("code", equalTo("statement_timeout"));
        server.http().when().get("/book/1").then().statusCode(200); // the connection serves again
    }

    /** The time a row waits for a client that does not read is not the search's: the answer goes on. */
    @Test
    void aSlowReaderOfALongAnswerIsNotCutByTheStatementTimeout() throws Exception {
        assumeTrue(server.database() == TestDatabase.SQLITE, "the statement timeout of the servers is their own");
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/_rpc/numbers"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] start = body.readNBytes(1024);
            Thread.sleep(2500); // longer than the timeout: the server waits on the socket meanwhile
            String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(200, response.statusCode());
            assertTrue(new String(start, StandardCharsets.UTF_8).startsWith("{\"status\":\"success\""));
            assertTrue(rest.endsWith("{\"i\":200000}]}"), rest.substring(Math.max(0, rest.length() - 200)));
        }
    }
}
