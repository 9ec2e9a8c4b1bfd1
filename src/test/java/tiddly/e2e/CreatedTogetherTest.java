package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.Tiddly;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * Two instances that create Tiddly's own tables at the same moment (found by ops/clusters/pg-failover.sh:
 * a 500 on the first keyed writes of two fresh instances). PostgreSQL's CREATE TABLE IF NOT EXISTS
 * does not see a table another transaction is still creating: it waits for it, then fails on the
 * catalogue's unique index. Here the other instance is a transaction held open by the test.
 */
class CreatedTogetherTest {
    private static final String OUTCOMES = "CREATE TABLE _tiddly_outcomes (scope TEXT NOT NULL, idem_key TEXT NOT NULL,"
            + " fingerprint TEXT NOT NULL, status INTEGER, etag TEXT, body TEXT, at BIGINT NOT NULL,"
            + " PRIMARY KEY (scope, idem_key))";
    private static final String OUTBOX = "CREATE TABLE _tiddly_changes (id BIGSERIAL PRIMARY KEY,"
            + " table_name TEXT NOT NULL, op TEXT NOT NULL, old_row TEXT, new_row TEXT, at BIGINT NOT NULL)";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(
            settings -> settings.withRealtime(settings.realtime().withOn(false)));

    @Test
    void aKeyedWriteSucceedsWhileAnotherInstanceCreatesTheOutcomesTable() throws Exception {
        assumeTrue(server.database() == TestDatabase.POSTGRES, "PostgreSQL's IF NOT EXISTS race");
        try (Connection other = server.connect()) {
            other.setAutoCommit(false);
            other.createStatement().execute(OUTCOMES);
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> server.http()
                    .header("Idempotency-Key", "created-together")
                    .body("{\"name\": \"Together\"}")
                    .when()
                    .post("/author")
                    .statusCode());
            awaitWaitingCreate(other, "_tiddly_outcomes");
            other.commit();
            assertEquals(201, write.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void anInstanceStartsWhileAnotherCreatesTheOutbox() throws Exception {
        assumeTrue(server.database() == TestDatabase.POSTGRES, "PostgreSQL's IF NOT EXISTS race");
        try (Connection other = server.connect()) {
            other.setAutoCommit(false);
            other.createStatement().execute(OUTBOX);
            CompletableFuture<Tiddly> started = CompletableFuture.supplyAsync(() -> server.another(
                    settings -> settings.withRealtime(settings.realtime().withOn(true))));
            awaitWaitingCreate(other, "_tiddly_changes");
            other.commit();
            try (Tiddly second = started.get(60, TimeUnit.SECONDS)) {
                RestAssured.given().port(second.port()).get("/author/1").then().statusCode(200);
            }
        }
    }

    /** Until the server's own CREATE of {@code table} waits for the test's open transaction. */
    private static void awaitWaitingCreate(Connection other, String table) throws SQLException, InterruptedException {
        try (Connection watcher = otherConnection(other)) {
            for (int i = 0; i < 1200; i++) {
                try (ResultSet rows = watcher.createStatement()
                        .executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND query LIKE 'CREATE TABLE IF NOT EXISTS%" + table + "%'")) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the server never tried to create " + table);
    }

    private static Connection otherConnection(Connection like) throws SQLException {
        return DriverManager.getConnection(
                like.getMetaData().getURL(), like.getMetaData().getUserName(), "");
    }
}
