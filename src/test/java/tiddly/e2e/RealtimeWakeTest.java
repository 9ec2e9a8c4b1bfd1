package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.RestAssured;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.Tiddly;
import tiddly.testing.SseClient;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * Other instances' commits wake the feed without its poll: PostgreSQL's transactional NOTIFY,
 * SQLite's data_version. The poll is set to an hour, so only the wake-up can bring the event.
 * MariaDB has no such signal and polls: the test does not apply there.
 */
class RealtimeWakeTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(
            settings -> settings.withRealtime(settings.realtime().withPoll(Duration.ofHours(1))));

    private static void insertGenre(int port, String code) {
        RestAssured.given()
                .port(port)
                .contentType("application/json")
                .body("{\"code\": \"" + code + "\", \"name\": \"N\"}")
                .when()
                .post("/genre")
                .then()
                .statusCode(201);
    }

    @Test
    void aCommitOnAnotherInstanceWakesTheFeedWithoutWaitingForItsPoll() {
        assumeTrue(server.database() != TestDatabase.MARIADB, "MariaDB has no wake-up signal: its feed polls");
        try (Tiddly other = server.another();
                SseClient onA = SseClient.get(server.port(), "/genre")) {
            onA.ready();
            for (int i = 0; i < 20; i++) {
                insertGenre(other.port(), "woken-" + i);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("woken-" + i, onA.next("insert").row().get("code").getAsString());
            }
        }
    }
}
