package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** A few hundred clients that stop mid-request must not starve a normal one. */
class StalledClientsTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void stalledClientsDoNotStarveNormalRequests() throws IOException {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                OutputStream out = socket.getOutputStream();
                String request = i % 2 == 0
                        // headers complete, body promised but never sent
                        ? "FETCH /book HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"wh"
                        // headers never finished
                        : "GET /book HTTP/1.1\r\nHost: x\r\nX-Slow: ";
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(socket);
            }
            assertTimeoutPreemptively(
                    Duration.ofSeconds(5),
                    () -> server.http()
                            .when()
                            .get("/user/1")
                            .then()
                            .statusCode(200)
                            .body("data.name", equalTo("Alice")));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }
}
