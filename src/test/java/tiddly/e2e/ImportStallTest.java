package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * A CSV import whose body stalls part way (cut off after --idle-timeout): the batches before were
 * committed, and the answer says so. Before, it was a bare incomplete_body, the client told nothing
 * of the rows already in, and the records of the batch not yet full were dropped.
 */
class ImportStallTest {
    @RegisterExtension
    final TiddlyServer impatient = TiddlyServer.sample(settings -> settings.withIdleTimeout(Duration.ofSeconds(1)));

    @Test
    void aStalledImportSaysWhichRecordsWereImported() throws Exception {
        StringBuilder csv = new StringBuilder("title,author_id\n");
        for (int i = 0; i < 1500; i++) {
            csv.append("Stalled ").append(i).append(",1\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", impatient.port())) {
            socket.setSoTimeout(60_000); // a bound for the failure only: the answer is awaited, not a time
            OutputStream out = socket.getOutputStream();
            out.write(("POST /book HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: "
                            + (body.length + 1000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body); // and then nothing: the last 1000 bytes never come
            out.flush();
            String response = answer(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(
                    response.contains("\"error\":\"the body ended, or stalled, before all of it arrived, in line 1502;"
                            + " the records before line 1502 were imported (see data), none from it on\","
                            + "\"code\":\"incomplete_body\""),
                    response);
            assertTrue(response.contains("\"data\":{\"inserted\":1500,\"rejected\":0,\"rejections\":[]}"), response);
        }
        assertEquals(
                1500L,
                ((Number) impatient.scalar("SELECT count(*) FROM book WHERE title LIKE 'Stalled %'")).longValue());
    }

    /** The server's answer, read as it comes until its envelope has ended or the connection closed. */
    private static String answer(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        int read;
        while (!ended(text) && (read = in.read(buffer)) > 0) {
            text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private static boolean ended(StringBuilder text) {
        String answer = text.toString();
        return answer.contains("\"status\":\"error\"") && (answer.endsWith("}") || answer.endsWith("}\r\n0\r\n\r\n"));
    }
}
