package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.Tiddly;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * Two instances over one database (one SQLite file, or one PostgreSQL or MariaDB schema): a write
 * through either reaches the subscribers of both, and a client resumes on the other instance.
 */
class RealtimeInstancesTest {
    private static final int WRITES = 200;

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

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
    void aWriteOnOneInstanceReachesSubscribersOfTheOther() {
        try (Tiddly other = server.another();
                SseClient onA = SseClient.get(server.port(), "/genre")) {
            onA.ready();
            insertGenre(other.port(), "from-b");
            assertEquals("from-b", onA.next("insert").row().get("code").getAsString());
        }
    }

    @Test
    void writesThroughBothInstancesArriveOnceEachInOneOrderOnBothAndAClientResumesOnTheOther()
            throws InterruptedException {
        try (Tiddly other = server.another();
                SseClient onA = SseClient.get(server.port(), "/genre");
                SseClient onB = SseClient.get(other.port(), "/genre")) {
            onA.ready();
            onB.ready();
            Thread writerA = new Thread(() -> {
                for (int i = 0; i < WRITES; i++) {
                    insertGenre(server.port(), "a" + i);
                }
            });
            Thread writerB = new Thread(() -> {
                for (int i = 0; i < WRITES; i++) {
                    insertGenre(other.port(), "b" + i);
                }
            });
            writerA.start();
            writerB.start();
            writerA.join();
            writerB.join();
            String half = null;
            StringBuilder orderA = new StringBuilder();
            for (int i = 0; i < 2 * WRITES; i++) {
                SseClient.Event event = onA.next("insert");
                orderA.append(event.row().get("code").getAsString()).append(' ');
                if (i == WRITES - 1) {
                    half = event.id().orElseThrow();
                }
            }
            StringBuilder orderB = new StringBuilder();
            for (int i = 0; i < 2 * WRITES; i++) {
                orderB.append(onB.next("insert").row().get("code").getAsString())
                        .append(' ');
            }
            assertEquals(orderA.toString(), orderB.toString(), "both instances send the changes in one order");
            // a client of A that got half of them resumes on B and gets exactly the other half
            StringBuilder resumed = new StringBuilder(orderA.substring(0, nthSpace(orderA, WRITES) + 1));
            try (SseClient onBAgain = SseClient.get(other.port(), "/genre", Map.of("Last-Event-ID", half))) {
                for (int i = 0; i < WRITES; i++) {
                    resumed.append(onBAgain.next("insert").row().get("code").getAsString())
                            .append(' ');
                }
                onBAgain.ready();
            }
            assertEquals(orderA.toString(), resumed.toString(), "none lost, none twice");
        }
    }

    private static int nthSpace(CharSequence text, int n) {
        int found = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' && ++found == n) {
                return i;
            }
        }
        return -1;
    }
}
