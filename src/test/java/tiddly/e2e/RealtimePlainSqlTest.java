package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.StartupException;
import tiddly.testing.SseClient;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * Writes made by other programs, as docs/realtime.md says: without triggers a plain SQL write is
 * not seen (on every database); a program that appends to the outbox itself is seen; and
 * --realtime-triggers is refused at start on SQLite and MariaDB with a message that says so.
 */
class RealtimePlainSqlTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void aPlainSqlWriteIsNotSeenWithoutTriggers() {
        try (SseClient genres = SseClient.get(server.port(), "/genre")) {
            genres.ready();
            server.execute("INSERT INTO genre (code, name) VALUES ('plain', 'Plain SQL')");
            server.execute("UPDATE genre SET name = 'Renamed' WHERE code = 'sf'");
            server.http()
                    .body("{\"code\": \"tiddly\", \"name\": \"Through Tiddly\"}")
                    .post("/genre")
                    .then()
                    .statusCode(201);
            assertEquals(
                    "tiddly",
                    genres.next("insert").row().get("code").getAsString(),
                    "the plain writes, made before, sent nothing");
        }
    }

    @Test
    void aProgramThatAppendsToTheOutboxItselfIsSeen() {
        try (SseClient genres = SseClient.get(server.port(), "/genre")) {
            genres.ready();
            server.execute("INSERT INTO genre (code, name) VALUES ('own', 'Recorded by hand')");
            server.execute("INSERT INTO _tiddly_changes (table_name, op, old_row, new_row, at)"
                    + " VALUES ('genre', 'insert', NULL, '{\"code\": \"own\", \"name\": \"Recorded by hand\"}', 0)");
            SseClient.Event insert = genres.next("insert");
            assertEquals("Recorded by hand", insert.row().get("name").getAsString());
        }
    }

    @Test
    void realtimeTriggersAreRefusedAtStartOnSqliteAndMariadb() {
        assumeTrue(server.database() != TestDatabase.POSTGRES, "PostgreSQL installs them: RealtimeTriggersTest");
        StartupException refused = assertThrows(
                StartupException.class,
                () -> server.another(settings ->
                                settings.withRealtime(settings.realtime().withTriggers(true)))
                        .close());
        String engine = server.database().name().toLowerCase(Locale.ROOT);
        assertEquals(
                "--realtime-triggers works on PostgreSQL only: on " + engine
                        + ", other programs append to _tiddly_changes themselves (see docs/realtime.md)",
                refused.getMessage());
    }
}
