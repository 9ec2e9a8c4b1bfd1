package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/** An idle stream gets {@code : keep-alive} comments, which are no events, and stays live. */
class RealtimeKeepAliveTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(
            settings -> settings.withRealtime(settings.realtime().withKeepAlive(Duration.ofMillis(200))));

    @Test
    void anIdleStreamGetsKeepAliveCommentsAndStillItsEvents() {
        try (SseClient events = SseClient.get(server.port(), "/genre")) {
            events.ready();
            assertEquals("keep-alive", events.nextComment());
            assertEquals("keep-alive", events.nextComment());
            server.http()
                    .body("{\"code\": \"awake\", \"name\": \"N\"}")
                    .when()
                    .post("/genre")
                    .then()
                    .statusCode(201);
            assertEquals("awake", events.next("insert").row().get("code").getAsString());
        }
    }
}
