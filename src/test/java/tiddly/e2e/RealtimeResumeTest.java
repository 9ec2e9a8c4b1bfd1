package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/** Resuming a stream with Last-Event-ID, and snapshots: no change lost, none sent twice. */
class RealtimeResumeTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    private void insertGenre(String code) {
        server.http()
                .body("{\"code\": \"" + code + "\", \"name\": \"N\"}")
                .when()
                .post("/genre")
                .then()
                .statusCode(201);
    }

    @Test
    void aClientResumingWithLastEventIdGetsEveryMissedChangeInOrderThenLiveOnes() {
        String last;
        try (SseClient events = SseClient.get(server.port(), "/genre")) {
            events.ready();
            insertGenre("a");
            last = events.next("insert").id().orElseThrow();
        } // the connection drops
        insertGenre("b");
        insertGenre("c");
        try (SseClient events = SseClient.get(server.port(), "/genre", Map.of("Last-Event-ID", last))) {
            assertEquals("b", events.next("insert").row().get("code").getAsString());
            assertEquals("c", events.next("insert").row().get("code").getAsString());
            SseClient.Event ready = events.ready();
            insertGenre("d");
            SseClient.Event live = events.next("insert");
            assertEquals("d", live.row().get("code").getAsString());
            assertTrue(live.position() > ready.position());
        }
    }

    @Test
    void theLastEventIdParameterResumesToo() {
        String last;
        try (SseClient events = SseClient.get(server.port(), "/genre")) {
            last = events.ready().id().orElseThrow();
        }
        insertGenre("p");
        try (SseClient events = SseClient.get(server.port(), "/genre?last_event_id=" + last)) {
            assertEquals("p", events.next("insert").row().get("code").getAsString());
            events.ready();
        }
    }

    @Test
    void anIdThisDatabaseNeverGaveGetsResetThenGoesLive() {
        try (SseClient events = SseClient.get(server.port(), "/genre", Map.of("Last-Event-ID", "999999"))) {
            events.next("reset");
            events.ready();
            insertGenre("r");
            assertEquals("r", events.next("insert").row().get("code").getAsString());
        }
    }

    /** "snapshot=yes" was taken for false, silently: the client waited for rows that never came. */
    @Test
    void aSnapshotThatIsNeitherTrueNorFalseIs400() {
        SseClient param = SseClient.get(server.port(), "/genre?snapshot=yes");
        assertEquals(400, param.status());
        assertTrue(param.body().contains("'snapshot' must be true or false, got 'yes'"), param.body());
        SseClient body = SseClient.query(server.port(), "/genre", "{\"snapshot\": \"true\"}", Map.of());
        assertEquals(400, body.status());
        assertTrue(body.body().contains("invalid_stream"), body.body());
    }

    @Test
    void aLastEventIdThatIsNoPositionIs400() {
        SseClient events = SseClient.get(server.port(), "/genre", Map.of("Last-Event-ID", "abc"));
        assertEquals(400, events.status());
        assertTrue(events.body().contains("invalid_stream"), events.body());
    }

    @Test
    void aSnapshotSendsTheRowsThenTheChangesWithNoGapAndNoDuplicate() throws Exception {
        int writes = 60;
        Thread writer = new Thread(() -> {
            for (int i = 0; i < writes; i++) {
                insertGenre("w" + i);
            }
        });
        writer.start();
        Map<String, Integer> seen = new HashMap<>();
        List<String> order = new ArrayList<>();
        try (SseClient events = SseClient.get(server.port(), "/genre?snapshot=true")) {
            SseClient.Event event = events.next();
            while (event.name().equals("snapshot")) {
                seen.merge(event.row().get("code").getAsString(), 1, Integer::sum);
                event = events.next();
            }
            while (event.name().equals("insert")) { // committed after the snapshot, before ready
                seen.merge(event.row().get("code").getAsString(), 1, Integer::sum);
                event = events.next();
            }
            assertEquals("ready", event.name());
            writer.join();
            insertGenre("zz-last");
            while (true) {
                event = events.next("insert");
                String code = event.row().get("code").getAsString();
                order.add(code);
                if (code.equals("zz-last")) {
                    break;
                }
                seen.merge(code, 1, Integer::sum);
            }
        }
        for (String code : List.of("sf", "fantasy", "literary", "children")) {
            assertEquals(1, seen.get(code), "the rows there before, in the snapshot once");
        }
        for (int i = 0; i < writes; i++) {
            assertEquals(1, seen.get("w" + i), "w" + i + " exactly once, in the snapshot or as an insert: " + order);
        }
    }

    @Test
    void aQueryBodyAsksForASnapshotToo() {
        try (SseClient events = SseClient.query(
                server.port(), "/genre", "{\"snapshot\": true, \"where\": {\"code\": \"sf\"}}", Map.of())) {
            assertEquals("sf", events.next("snapshot").row().get("code").getAsString());
            events.ready();
        }
    }
}
