package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/** With --realtime off there is no outbox and no stream: a stream request is told so, in JSON. */
class RealtimeOffTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(
            settings -> settings.withRealtime(settings.realtime().withOn(false)));

    @Test
    void aStreamRequestIs406AndWritesKeepNoOutbox() {
        SseClient events = SseClient.get(server.port(), "/book");
        assertEquals(406, events.status());
        assertTrue(events.body().contains("\"code\":\"realtime_off\""), events.body());
        server.http()
                .body("{\"code\": \"x\", \"name\": \"X\"}")
                .when()
                .post("/genre")
                .then()
                .statusCode(201);
        server.http().when().get("/genre/x").then().statusCode(200);
    }
}
