package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.testing.JarProcess;

/**
 * SIGTERM ends live streams cleanly, so that their clients reconnect elsewhere: the events sent
 * before are all there, the response ends with HTTP's last chunk (not a cut connection), and the
 * process exits 0.
 */
class RealtimeShutdownIT {
    @TempDir
    Path folder;

    @Test
    void sigtermEndsOpenStreamsWithTheirResponseCompleteAndExitsZero() throws Exception {
        Files.copy(Path.of("tiddly.db.sample"), folder.resolve("tiddly.db"));
        JarProcess jar = JarProcess.start(folder, "--port", "0");
        try (Socket stream = new Socket()) {
            stream.connect(new InetSocketAddress("127.0.0.1", jar.port()), 5_000);
            stream.setSoTimeout(30_000);
            OutputStream out = stream.getOutputStream();
            out.write("GET /genre HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stream.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            readUntil(in, read, "event: ready");
            RestAssured.given()
                    .port(jar.port())
                    .contentType("application/json")
                    .body("{\"code\": \"last\", \"name\": \"Before the end\"}")
                    .post("/genre")
                    .then()
                    .statusCode(201);
            readUntil(in, read, "event: insert");

            jar.terminate();
            read.write(in.readAllBytes()); // to the end: the server closes the stream
            String text = read.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("HTTP/1.1 200"), text);
            assertTrue(text.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked"), text);
            assertTrue(text.contains("\"code\":\"last\""), text);
            assertTrue(text.endsWith("\r\n0\r\n\r\n"), "the response ends with its last chunk: " + text);
        }
        assertEquals(0, jar.exitStatus(), jar.log().toString());
    }

    private static void readUntil(InputStream in, ByteArrayOutputStream read, String text) throws IOException {
        while (!read.toString(StandardCharsets.UTF_8).contains(text)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the stream ended before '" + text + "': " + read);
            }
            read.write(b);
        }
    }
}
