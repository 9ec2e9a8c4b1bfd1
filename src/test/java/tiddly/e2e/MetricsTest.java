package tiddly.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/** {@code GET /_metrics}: the Prometheus text format, on a server without rules (so from this machine). */
class MetricsTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withStatementTimeout(Duration.ofSeconds(1)))
            .withFixture("CREATE VIEW forever AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                    + " SELECT i AS id FROM n WHERE i < 0");

    private String metrics() {
        return server.http()
                .when()
                .get("/_metrics")
                .then()
                .statusCode(200)
                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .header("Cache-Control", "no-store")
                .extract()
                .asString();
    }

    /**
     * /_metrics once no request but this scrape is in flight: the server counts a request after its
     * answer has gone, so the client may have the answer before the count is made.
     */
    private String settledMetrics() throws InterruptedException {
        for (int tries = 0; tries < 300; tries++) {
            String metrics = metrics();
            if (value(metrics, "tiddly_http_requests_active") == 1) {
                return metrics;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("requests other than the scrape stayed in flight");
    }

    private static double value(String metrics, String series) {
        Matcher line =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertTrue(line.find(), () -> series + " is not in\n" + metrics);
        return Double.parseDouble(line.group(1));
    }

    @Test
    void openRealtimeStreamsAndTheirLagAreGauges() throws Exception {
        try (SseClient stream = SseClient.get(server.port(), "/book")) {
            stream.next("ready");
            String metrics = metrics();
            assertEquals(1, value(metrics, "tiddly_realtime_streams"));
            assertTrue(value(metrics, "tiddly_realtime_lag") >= 0);
        }
    }

    @Test
    void requestsAreCountedByRouteMethodAndStatusWithTheirLatency() throws InterruptedException {
        server.http().when().get("/book/1").then().statusCode(200);
        server.http().when().get("/book/1").then().statusCode(200);
        server.http().when().get("/book/999").then().statusCode(404);
        server.http()
                .body("{\"limit\": 5}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200);
        server.http().when().request("BREW", "/book").then().statusCode(405);
        String metrics = settledMetrics();
        assertEquals(
                2, value(metrics, "tiddly_http_requests_seconds_count{method=\"GET\",route=\"row\",status=\"200\"}"));
        assertEquals(
                1, value(metrics, "tiddly_http_requests_seconds_count{method=\"GET\",route=\"row\",status=\"404\"}"));
        assertEquals(
                1,
                value(metrics, "tiddly_http_requests_seconds_count{method=\"FETCH\",route=\"table\",status=\"200\"}"));
        assertEquals(
                1,
                value(metrics, "tiddly_http_requests_seconds_count{method=\"other\",route=\"table\",status=\"405\"}"));
        assertEquals(
                2,
                value(
                        metrics,
                        "tiddly_http_requests_seconds_bucket{method=\"GET\",route=\"row\",status=\"200\",le=\"+Inf\"}"));
        assertTrue(metrics.contains(
                "tiddly_http_requests_seconds_bucket{method=\"GET\",route=\"row\",status=\"200\",le=\"0.001\"}"));
        assertEquals(1, value(metrics, "tiddly_http_requests_active")); // this scrape itself
    }

    @Test
    void theDatabaseItsPoolAndTheJvmAreMetered() throws InterruptedException {
        server.http()
                .body("{\"limit\": 5}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200);
        String metrics = settledMetrics();
        assertTrue(value(metrics, "tiddly_db_rows_read_total") >= 5);
        assertTrue(value(metrics, "tiddly_db_statements_total") >= 1);
        assertEquals(0, value(metrics, "tiddly_db_sessions{state=\"active\"}"));
        assertTrue(value(metrics, "tiddly_db_sessions{state=\"idle\"}") >= 1);
        assertEquals(0, value(metrics, "tiddly_db_sessions{state=\"waiting\"}"));
        assertEquals(0, value(metrics, "tiddly_db_write_conflicts_total"));
        assertEquals(0, value(metrics, "tiddly_db_write_retries_total"));
        assertEquals(0, value(metrics, "tiddly_db_lock_waits_total"));
        for (String family : new String[] {
            "hikaricp_connections_active{pool=\"tiddly\"}",
            "hikaricp_connections_idle{pool=\"tiddly\"}",
            "hikaricp_connections_pending{pool=\"tiddly\"}",
            "jvm_memory_used_bytes{area=\"heap\"",
            "jvm_gc_",
            "jvm_threads_live_threads",
            "process_cpu_usage"
        }) {
            assertTrue(metrics.contains(family), () -> family + " is not in\n" + metrics);
        }
    }

    @Test
    void aStatementStoppedByTheTimeoutIsCounted() {
        assumeTrue(server.database() != TestDatabase.MARIADB, "MariaDB ends the recursive CTE by itself");
        server.http().body("{}").when().request("FETCH", "/forever").then().statusCode(503);
        assertEquals(1, value(metrics(), "tiddly_db_statement_timeouts_total"));
    }

    @Test
    void withoutRulesACallerThroughAProxyIsRefused() {
        server.http()
                .header("X-Forwarded-For", "203.0.113.7")
                .when()
                .get("/_metrics")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"))
                .body("error", containsString("only a caller on the server's own machine may read the metrics"));
    }
}
