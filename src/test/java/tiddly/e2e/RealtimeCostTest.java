package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * What realtime costs a write when nobody listens, counted in statements (the time is in
 * docs/performance.md): a delete by key runs one more, the outbox INSERT; an insert two more, the
 * read of the row as stored (RETURNING shows it before an AFTER trigger's UPDATE) and the outbox
 * INSERT; an update by key three, the row as it was, as stored, and the outbox INSERT. PostgreSQL
 * and MariaDB run one more still, the lock that hands out outbox ids in commit order.
 */
class RealtimeCostTest {
    @RegisterExtension
    final TiddlyServer on = TiddlyServer.sample();

    @RegisterExtension
    final TiddlyServer off = TiddlyServer.sample(
            settings -> settings.withRealtime(settings.realtime().withOn(false)));

    private static long statements(TiddlyServer server, Runnable write) {
        long before = server.statements();
        write.run();
        return server.statements() - before;
    }

    private static void writes(TiddlyServer server, long[] counts) {
        counts[0] = statements(
                server,
                () -> server.http()
                        .body("{\"code\": \"x\", \"name\": \"X\"}")
                        .when()
                        .post("/genre")
                        .then()
                        .statusCode(201));
        counts[1] = statements(
                server,
                () -> server.http()
                        .body("{\"name\": \"Y\"}")
                        .when()
                        .put("/genre/x")
                        .then()
                        .statusCode(200));
        counts[2] = statements(
                server, () -> server.http().when().delete("/genre/x").then().statusCode(200));
    }

    @Test
    void aDeleteCostsOneMoreStatementAnInsertTwoAndAnUpdateThree() {
        long[] withRealtime = new long[3];
        long[] without = new long[3];
        writes(on, withRealtime);
        writes(off, without);
        // a database server also takes the lock that keeps ids in commit order; SQLite has one writer
        long lock = on.database() == TestDatabase.SQLITE ? 0 : 1;
        assertEquals(without[0] + 2 + lock, withRealtime[0], "insert: + the row as stored + the outbox INSERT");
        assertEquals(
                without[1] + 3 + lock, withRealtime[1], "update: + the row before + as stored + the outbox INSERT");
        assertEquals(without[2] + 1 + lock, withRealtime[2], "delete: + the outbox INSERT (RETURNING gave the row)");
    }
}
