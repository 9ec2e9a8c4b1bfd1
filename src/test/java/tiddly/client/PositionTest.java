package tiddly.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client keeps the newest Tiddly-Position it was answered and sends it with every request,
 * against a stand-in server that answers the positions a test gives (a real server gives them only
 * over read replicas: CrossInstanceReadsTest).
 */
class PositionTest {
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final Queue<String> answers = new ConcurrentLinkedQueue<>();
    private HttpServer server;
    private Transport transport;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        transport = new Transport(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Auth.none(),
                Retry.never());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        sent.add(String.valueOf(exchange.getRequestHeaders().getFirst("Tiddly-Position")));
        String position = answers.poll();
        if (position != null && !position.isEmpty()) {
            exchange.getResponseHeaders().add("Tiddly-Position", position);
        }
        byte[] body = "{\"status\":\"success\",\"data\":[]}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void theNewestPositionAnsweredGoesWithEveryLaterRequest() {
        answers.addAll(List.of(
                "", // a read: no position
                "0000000001000000", // a write
                "0000000000F00000", // an older write answered later: not kept
                "not a position!", // mangled on the way: not kept
                "00000000010000ab")); // newer, in small letters
        transport.send(Call.get("/book"));
        transport.send(Call.write("POST", "/book", new JsonObject()));
        transport.send(Call.write("POST", "/book", new JsonObject()));
        transport.send(Call.get("/book"));
        transport.send(Call.query("/book", new JsonObject()));
        transport.send(Call.get("/book"));
        assertEquals(
                List.of("null", "null", "0000000001000000", "0000000001000000", "0000000001000000", "00000000010000AB"),
                sent);
        assertEquals(Optional.of("00000000010000AB"), transport.position());
    }

    @Test
    void withoutPositionsNoneIsSent() {
        transport.send(Call.write("POST", "/book", new JsonObject()));
        transport.send(Call.get("/book"));
        assertEquals(List.of("null", "null"), sent);
        assertEquals(Optional.empty(), transport.position());
    }
}
