package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * A subscriber that stops reading fills its socket, then its bounded buffer, and is cut off; the
 * writers and the other subscribers never wait for it.
 */
class RealtimeStallTest {
    private static final int ROWS = 140;
    private static final String BIG = "x".repeat(60 * 1024); // under MariaDB TEXT's 64 KiB

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(
            settings -> settings.withRealtime(settings.realtime().withBuffer(4)));

    @Test
    void aStalledSubscriberIsClosedWhileWritersAndOthersGoOn() throws IOException {
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream request = stalled.getOutputStream();
            request.write(("GET /genre HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            InputStream in = stalled.getInputStream();
            String head = readUntil(in, "event: ready");
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            try (SseClient reading = SseClient.get(server.port(), "/genre")) {
                reading.ready();
                for (int i = 0; i < ROWS; i++) { // about 8 MB: more than the stalled socket's buffers hold
                    server.http()
                            .body("{\"code\": \"g" + i + "\", \"name\": \"" + BIG + "\"}")
                            .when()
                            .post("/genre")
                            .then()
                            .statusCode(201);
                }
                for (int i = 0; i < ROWS; i++) {
                    assertEquals(
                            "g" + i, reading.next("insert").row().get("code").getAsString());
                }
            }
            // The stalled client reads at last: what fitted in the buffers, then the end of the stream.
            stalled.setSoTimeout(30_000);
            String rest = readToEnd(in);
            int events = rest.split("event: insert", -1).length - 1;
            assertTrue(events < ROWS, "the stream was cut off after " + events + " of " + ROWS + " events");
            // It resumes from the last event it got whole, and gets every other one.
            String[] blocks = rest.split("\n\n", -1);
            String lastId = null;
            String lastCode = null;
            for (int i = 0; i < blocks.length - 1; i++) { // the last block may be cut short
                Matcher event = Pattern.compile("id: (\\d+)\ndata: \\{\"row\":\\{\"code\":\"(g\\d+)\"")
                        .matcher(blocks[i]);
                if (event.find()) {
                    lastId = event.group(1);
                    lastCode = event.group(2);
                }
            }
            assertTrue(lastId != null, "it got some events whole: " + events);
            int next = Integer.parseInt(lastCode.substring(1)) + 1;
            assertEquals(ROWS, resume(lastId, next), "every event after its last one, each once, in order");
        }
    }

    /**
     * Resumes from {@code from} as EventSource does, reconnecting with the last id it got whenever
     * the stream is cut (the replay of big rows may fill this small buffer too), until {@code
     * ready}; checks that the events come in order from {@code g<next>}; gives the number after the
     * last one.
     */
    private int resume(String from, int next) {
        String lastId = from;
        int expected = next;
        for (int attempt = 0; attempt < ROWS; attempt++) {
            try (SseClient resumed = SseClient.get(server.port(), "/genre", Map.of("Last-Event-ID", lastId))) {
                Optional<SseClient.Event> event = resumed.nextUntilEnd();
                while (event.isPresent()) {
                    if (event.get().name().equals("ready")) {
                        return expected;
                    }
                    assertEquals("insert", event.get().name(), event.get().toString());
                    assertEquals("g" + expected, event.get().row().get("code").getAsString());
                    expected++;
                    lastId = event.get().id().orElseThrow();
                    event = resumed.nextUntilEnd();
                }
            }
        }
        throw new AssertionError("no ready after " + ROWS + " reconnections; got up to g" + (expected - 1));
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.UTF_8).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    /** Everything until the server closes the connection (an end or a reset). */
    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset: the server cut the connection
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}
