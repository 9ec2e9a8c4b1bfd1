package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.testing.JarProcess;

/**
 * SIGTERM to the built jar while long responses are being sent: it stops accepting, says it is
 * not ready on a connection that was open, lets the responses finish, closes the pool, exits 0.
 */
class GracefulShutdownIT {
    private static final int ROWS = 100_000;
    private static final int READERS = 3;

    @TempDir
    Path folder;

    @Test
    void sigtermLetsRequestsInFlightFinishThenExitsZero() throws Exception {
        Files.copy(Path.of("tiddly.db.sample"), folder.resolve("tiddly.db"));
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("tiddly.db"));
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE line (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
            statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + ROWS
                    + ") INSERT INTO line SELECT i, 'the quick brown fox jumps over the lazy dog, line ' || i FROM n");
        }
        JarProcess jar = JarProcess.start(folder, "--port", "0", "--max-limit", Integer.toString(ROWS));
        List<Socket> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            Socket reader = new Socket();
            reader.setReceiveBufferSize(4096); // the server soon blocks on a full socket: the request stays in flight
            reader.connect(new InetSocketAddress("127.0.0.1", jar.port()), 5_000);
            reader.setSoTimeout(30_000);
            send(reader, "GET /line?limit=" + ROWS + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(new String(reader.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)
                    .equals("HTTP/1.1 200")); // the route is running: its response has begun
            readers.add(reader);
        }
        Socket idle = connect(jar.port());
        send(idle, "GET /_health HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(head(idle.getInputStream()).startsWith("HTTP/1.1 200"));

        jar.terminate();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (accepts(jar.port())) {
            assertTrue(Instant.now().isBefore(deadline), "still accepting connections 10 s after SIGTERM");
            Thread.sleep(50);
        }
        send(idle, "GET /_ready HTTP/1.1\r\nHost: x\r\n\r\n"); // a connection opened before: still answered
        String ready = head(idle.getInputStream());
        assertTrue(ready.startsWith("HTTP/1.1 503"), ready);
        assertTrue(ready.contains("Connection: close"), ready);

        for (Socket reader : readers) {
            String body = rest(reader.getInputStream());
            assertTrue(body.endsWith("]}"), "the body ends as JSON does: " + body.substring(body.length() - 40));
            assertEquals(ROWS, count(body, "\"id\":"));
            reader.close();
        }
        assertEquals(0, jar.exitStatus(), jar.log().toString());
        List<String> log = jar.log();
        Matcher stopping = Pattern.compile("stopping: (\\d+) request\\(s\\) in flight get up to 20 s to finish")
                .matcher(String.join("\n", log));
        assertTrue(stopping.find(), log.toString());
        // the readers, and maybe the health check whose handler was still returning when its answer arrived
        assertTrue(Integer.parseInt(stopping.group(1)) >= READERS, log.toString());
        assertTrue(log.get(log.size() - 1).contains("stopped"), log.toString());
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static boolean accepts(int port) throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line and headers of one response, and its body if it has a Content-Length. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return text;
    }

    /** The rest of a response, to the end of the stream: its body, de-chunked if it is chunked. */
    private static String rest(InputStream in) throws IOException {
        byte[] raw = in.readAllBytes();
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\r\n\r\n") + 4;
        if (!text.substring(0, at).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            return new String(raw, at, raw.length - at, StandardCharsets.UTF_8); // Connection: close ends the body
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd), 16);
            if (size == 0) {
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(raw, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
