package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * --realtime-triggers on PostgreSQL: writes by other programs, in plain SQL, reach subscribers as
 * Tiddly's own do, and a write through Tiddly is still recorded once.
 */
class RealtimeTriggersTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings ->
            settings.withRealtime(settings.realtime().withTriggers(TestDatabase.current() == TestDatabase.POSTGRES)));

    @BeforeEach
    void onPostgres() {
        assumeTrue(server.database() == TestDatabase.POSTGRES, "the triggers are PostgreSQL's");
    }

    @Test
    void aPlainSqlInsertUpdateAndDeleteReachASubscriber() {
        try (SseClient genres = SseClient.get(server.port(), "/genre")) {
            genres.ready();
            server.execute("INSERT INTO genre (code, name) VALUES ('plain', 'Plain SQL')");
            assertEquals("Plain SQL", genres.next("insert").row().get("name").getAsString());
            server.execute("UPDATE genre SET name = 'Renamed' WHERE code = 'plain'");
            assertEquals("Renamed", genres.next("update").row().get("name").getAsString());
            server.execute("UPDATE genre SET name = 'Renamed' WHERE code = 'plain'"); // no change: no event
            server.execute("DELETE FROM genre WHERE code = 'plain'");
            SseClient.Event deleted = genres.next("delete");
            assertEquals("plain", deleted.row().get("code").getAsString());
            assertEquals("deleted", deleted.json().get("reason").getAsString());
        }
    }

    @Test
    void aWriteThroughTiddlyIsRecordedOnceAlongsideTheTriggers() {
        try (SseClient genres = SseClient.get(server.port(), "/genre")) {
            genres.ready();
            server.http()
                    .body("{\"code\": \"http\", \"name\": \"N\"}")
                    .post("/genre")
                    .then()
                    .statusCode(201);
            server.execute("INSERT INTO genre (code, name) VALUES ('sql', 'N')");
            assertEquals("http", genres.next("insert").row().get("code").getAsString());
            assertEquals("sql", genres.next("insert").row().get("code").getAsString());
        }
        assertEquals(
                2L,
                ((Number) server.scalar("SELECT count(*) FROM _tiddly_changes WHERE table_name = 'genre'"))
                        .longValue());
    }

    @Test
    void aPlainSqlWriteThatRollsBackRecordsNothing() {
        try (SseClient genres = SseClient.get(server.port(), "/genre")) {
            genres.ready();
            server.execute("DO $$ BEGIN INSERT INTO genre (code, name) VALUES ('gone', 'N');"
                    + " RAISE EXCEPTION 'rolled back'; EXCEPTION WHEN raise_exception THEN NULL; END $$");
            server.execute("INSERT INTO genre (code, name) VALUES ('kept', 'N')");
            assertEquals("kept", genres.next("insert").row().get("code").getAsString());
        }
    }
}
