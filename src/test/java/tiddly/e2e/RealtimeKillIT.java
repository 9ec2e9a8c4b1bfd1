package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tiddly.testing.JarProcess;
import tiddly.testing.SseClient;
import tiddly.testing.TestDatabase;

/**
 * Two tiddly.jar processes over one PostgreSQL schema: a subscriber on the first, writes through
 * the second, the first killed with SIGKILL mid-stream; the client resumes on the second with its
 * Last-Event-ID and, counted over every write, loses none and gets none twice.
 */
class RealtimeKillIT {
    private static final TestDatabase POSTGRES = TestDatabase.POSTGRES;
    private static final int WRITES = 1_000;
    private static final int BEFORE_KILL = 300;

    private String schema;
    private JarProcess subscribed;
    private JarProcess writing;

    @BeforeEach
    void start() throws Exception {
        schema = POSTGRES.create();
        Path folder = Files.createTempDirectory("tiddly-kill");
        String[] args = {
            "--db",
            POSTGRES.url(schema),
            "--schema",
            schema,
            "--db-user",
            POSTGRES.user(),
            "--port",
            "0",
            "--cursor-secret",
            "one secret for every instance: 7Qk2vX9pR4mZ"
        };
        subscribed = JarProcess.start(folder, args);
        writing = JarProcess.start(folder, args);
    }

    @AfterEach
    void stop() throws Exception {
        subscribed.close();
        writing.close();
        POSTGRES.drop(schema);
    }

    private void insertBook(String title) {
        RestAssured.given()
                .port(writing.port())
                .contentType("application/json")
                .body("{\"title\": \"" + title + "\", \"author_id\": 2}")
                .when()
                .post("/book")
                .then()
                .statusCode(201);
    }

    @Test
    void aClientOfAKilledInstanceResumesOnAnotherWithNoEventLostAndNoneTwice() throws Exception {
        List<String> received = new ArrayList<>();
        String lastId;
        Thread writer;
        try (SseClient first = SseClient.get(subscribed.port(), "/book?select=id,title")) {
            lastId = first.ready().id().orElseThrow();
            writer = new Thread(() -> {
                for (int i = 0; i < WRITES; i++) {
                    insertBook("w" + i);
                }
            });
            writer.start();
            while (received.size() < BEFORE_KILL) {
                SseClient.Event event = first.next("insert");
                received.add(event.row().get("title").getAsString());
                lastId = event.id().orElseThrow();
            }
            subscribed.kill(); // mid-stream, while the writer goes on through the other instance
            for (Optional<SseClient.Event> event = first.nextUntilEnd();
                    event.isPresent();
                    event = first.nextUntilEnd()) {
                received.add(event.get().row().get("title").getAsString()); // what was already on the wire
                lastId = event.get().id().orElseThrow();
            }
        }
        try (SseClient resumed =
                SseClient.get(writing.port(), "/book?select=id,title", Map.of("Last-Event-ID", lastId))) {
            writer.join();
            insertBook("last"); // after every counted write: the next event after them
            SseClient.Event event = resumed.next();
            while (!event.name().equals("insert")
                    || !event.row().get("title").getAsString().equals("last")) {
                if (event.name().equals("insert")) {
                    received.add(event.row().get("title").getAsString());
                } else {
                    assertEquals("ready", event.name(), "the event " + event);
                }
                event = resumed.next();
            }
        }
        Set<String> distinct = new LinkedHashSet<>(received);
        assertEquals(received.size(), distinct.size(), "no event came twice");
        assertEquals(WRITES, distinct.size(), "no event was lost");
        for (int i = 0; i < WRITES; i++) {
            assertEquals("w" + i, received.get(i), "the events came in commit order");
        }
        assertTrue(received.size() > BEFORE_KILL);
    }
}
