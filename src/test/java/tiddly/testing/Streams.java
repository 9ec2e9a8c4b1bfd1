package tiddly.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What the realtime tests share: opening a stream, its filter in the query string, a row written
 * to make an event, and waits on what the server has observably done (its metrics, a hook's latch),
 * never on time.
 */
public final class Streams {
    private Streams() {}

    /** The query string of a stream filtered by {@code json}. */
    public static String where(String json) {
        return "?where=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    /** Opens the stream at {@code path}, asserted to answer 200 (its body shown otherwise). */
    public static SseClient open(TiddlyServer server, String path) {
        SseClient client = SseClient.get(server.port(), path);
        assertEquals(200, client.status(), client.status() == 200 ? "" : client.body());
        return client;
    }

    /** Inserts the row {@code json} into {@code table}, asserted 201; gives its id. */
    public static int insert(TiddlyServer server, String table, String json) {
        return server.http()
                .body(json)
                .when()
                .post("/" + table)
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
    }

    /**
     * Waits, in a hook that holds the server's work, until the test counts {@code latch} down:
     * whether it did within 30 s, a bound for the failure only.
     */
    public static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the server holds {@code count} streams, as its metrics say. */
    public static void awaitStreams(TiddlyServer server, int count) throws InterruptedException {
        Pattern gauge = Pattern.compile("(?m)^tiddly_realtime_streams " + count + "(\\.0)?$");
        for (int tries = 0; tries < 300; tries++) {
            String metrics =
                    server.http().when().get("/_metrics").then().extract().asString();
            if (gauge.matcher(metrics).find()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server never held " + count + " streams");
    }
}
