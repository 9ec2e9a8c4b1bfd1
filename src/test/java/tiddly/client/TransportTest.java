package tiddly.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries on 503, against a stand-in HTTP server that answers 503 a given number of times (a
 * Tiddly server cannot be made busy on demand): safe requests are sent again, writes never.
 */
class TransportTest {
    private static final String BUSY = "{\"status\":\"error\",\"error\":\"the database is busy; try again\","
            + "\"code\":\"database_busy\",\"request_id\":\"0123456789abcdef\"}";

    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger busyAnswers = new AtomicInteger();
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
                Auth.apiKey("key-0123456789abcdef"),
                new Retry(3, Duration.ofMillis(1), Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        seen.add(
                exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-API-Key"));
        boolean busy = busyAnswers.getAndDecrement() > 0;
        byte[] body = (busy ? BUSY : "{\"status\":\"success\",\"data\":[]}").getBytes(StandardCharsets.UTF_8);
        if (busy) {
            exchange.getResponseHeaders().add("Retry-After", "0");
        }
        exchange.sendResponseHeaders(busy ? 503 : 200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void aSafeRequestIsSentAgainAfterA503UntilItIsAnswered() {
        busyAnswers.set(2);
        assertEquals(200, transport.send(Call.get("/book")).status());
        assertEquals(
                200,
                transport
                        .send(Call.query("/book", new com.google.gson.JsonObject()))
                        .status());
        assertEquals(
                List.of(
                        "GET key-0123456789abcdef",
                        "GET key-0123456789abcdef",
                        "GET key-0123456789abcdef",
                        "QUERY key-0123456789abcdef"),
                seen);
    }

    @Test
    void aSafeRequestGivesUpAfterItsLastAttemptWithTheServersError() {
        busyAnswers.set(5);
        TiddlyClientException error =
                assertThrows(TiddlyClientException.class, () -> transport.send(Call.get("/book")));
        assertEquals(503, error.status());
        assertEquals("database_busy", error.code());
        assertEquals("0123456789abcdef", error.requestId().orElseThrow());
        assertEquals(3, seen.size());
    }

    @Test
    void aWriteIsNeverSentTwice() {
        busyAnswers.set(1);
        TiddlyClientException error = assertThrows(
                TiddlyClientException.class,
                () -> transport.send(Call.write("POST", "/book", new com.google.gson.JsonObject())));
        assertEquals(503, error.status());
        assertEquals(List.of("POST key-0123456789abcdef"), seen);
    }

    @Test
    void aServerThatDoesNotAnswerIsAConnectionError() {
        server.stop(0);
        TiddlyClientException error =
                assertThrows(TiddlyClientException.class, () -> transport.send(Call.get("/book")));
        assertEquals("connection_failed", error.code());
        assertEquals(0, error.status());
    }
}
