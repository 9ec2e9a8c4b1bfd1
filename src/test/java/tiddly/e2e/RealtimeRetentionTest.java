package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/** Changes older than the retention are pruned; a client that needed them gets reset, not a gap. */
class RealtimeRetentionTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(
            settings -> settings.withRealtime(settings.realtime().withRetention(Duration.ofMillis(1))));

    private void insertGenre(String code) {
        server.http()
                .body("{\"code\": \"" + code + "\", \"name\": \"N\"}")
                .when()
                .post("/genre")
                .then()
                .statusCode(201);
    }

    @Test
    void aClientWhoseLastIdWasPrunedGetsOneResetThenLiveChanges() throws InterruptedException {
        String last;
        try (SseClient events = SseClient.get(server.port(), "/genre")) {
            events.ready();
            insertGenre("a");
            last = events.next("insert").id().orElseThrow();
        }
        insertGenre("b");
        insertGenre("c");
        // wait for the pruner (every second here), which keeps only the newest change
        while (((Number) server.scalar("SELECT count(*) FROM _tiddly_changes")).longValue() > 1) {
            Thread.sleep(100);
        }
        try (SseClient events = SseClient.get(server.port(), "/genre", Map.of("Last-Event-ID", last))) {
            events.next("reset");
            events.ready();
            insertGenre("d");
            assertEquals("d", events.next("insert").row().get("code").getAsString());
        }
    }
}
