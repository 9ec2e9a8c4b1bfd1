package tiddly.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * A resume replays the changes after the client's last id while it holds the feed's lock, so every
 * other stream's events and every new stream wait for it. Before the bound, any anonymous client
 * could send {@code Last-Event-ID: 1} and have the whole kept outbox (an hour of changes: 300,000
 * took 10 s under load) read under that lock, once per stream it opened (security.md, attack review
 * of 2026-12-03 late night). A resume more than {@code Feed.MAX_REPLAY} changes behind gets
 * {@code reset}, as one whose changes were pruned does.
 */
class ReplayAttackTest {
    private static final int MAX_REPLAY = 10_000;

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void aResumeFromFurtherBackThanTheReplayBoundGetsResetInsteadOfAReplay() {
        long before;
        try (SseClient events = SseClient.get(server.port(), "/author")) {
            before = events.ready().position();
        }
        String rows = IntStream.range(0, MAX_REPLAY)
                .mapToObj(i -> "{\"code\": \"r" + i + "\", \"name\": \"R\"}")
                .collect(Collectors.joining(",", "[", "]"));
        server.http().body(rows).when().post("/genre").then().statusCode(201);
        server.http()
                .body("{\"code\": \"last\", \"name\": \"R\"}")
                .when()
                .post("/genre")
                .then()
                .statusCode(201);
        try (SseClient events =
                SseClient.get(server.port(), "/author", Map.of("Last-Event-ID", Long.toString(before)))) {
            assertEquals(
                    "{\"error\":\"the changes after id " + before + " are no longer kept, or more than " + MAX_REPLAY
                            + " to replay: fetch the rows again (or reconnect with snapshot=true)\"}",
                    events.next("reset").data());
            events.ready();
        }
    }

    @Test
    void aResumeWithinTheBoundStillGetsEveryChange() {
        long before;
        try (SseClient events = SseClient.get(server.port(), "/genre")) {
            before = events.ready().position();
        }
        server.http()
                .body("[{\"code\": \"a1\", \"name\": \"A\"}, {\"code\": \"a2\", \"name\": \"A\"}]")
                .when()
                .post("/genre")
                .then()
                .statusCode(201);
        try (SseClient events =
                SseClient.get(server.port(), "/genre", Map.of("Last-Event-ID", Long.toString(before)))) {
            assertEquals("a1", events.next("insert").row().get("code").getAsString());
            assertEquals("a2", events.next("insert").row().get("code").getAsString());
            events.ready();
        }
        server.http().when().get("/genre/a2").then().statusCode(200).body("data.name", containsString("A"));
    }
}
