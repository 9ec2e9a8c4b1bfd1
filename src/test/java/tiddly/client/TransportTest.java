package tiddly.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries on 503 and on lost answers, against a stand-in HTTP server that answers 503 (or hangs up
 * without an answer) a given number of times, since a Tiddly server cannot be made busy on demand:
 * safe requests and keyed writes are sent again, sign-ins never.
 */
class TransportTest {
    private static final String BUSY = "{\"status\":\"error\",\"error\":\"the database is busy; try again\","
            + "\"code\":\"database_busy\",\"request_id\":\"0123456789abcdef\"}";

    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<String> keys = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger busyAnswers = new AtomicInteger();
    private final AtomicInteger lostAnswers = new AtomicInteger();
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
        keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
        if (lostAnswers.getAndDecrement() > 0) {
            exchange.close(); // hangs up before any answer, as a dropped connection does
            return;
        }
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
        assertEquals(200, transport.send(Call.query("/book", new JsonObject())).status());
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
    void aWriteIsSentAgainAfterA503UnderTheSameIdempotencyKey() {
        busyAnswers.set(1);
        assertEquals(
                200,
                transport.send(Call.write("POST", "/book", new JsonObject())).status());
        assertEquals(List.of("POST key-0123456789abcdef", "POST key-0123456789abcdef"), seen);
        assertEquals(keys.get(0), keys.get(1));
        assertEquals(36, keys.get(0).length(), keys.get(0));
    }

    @Test
    void aWriteWhoseAnswerWasLostIsSentAgainUnderTheSameKey() {
        lostAnswers.set(2);
        assertEquals(200, transport.send(Call.write("DELETE", "/book/1", null)).status());
        assertEquals(3, keys.size());
        assertEquals(1, Set.copyOf(keys).size(), keys.toString());
    }

    @Test
    void twoWritesHaveTwoKeys() {
        transport.send(Call.write("POST", "/book", new JsonObject()));
        transport.send(Call.write("POST", "/book", new JsonObject()));
        assertNotEquals(keys.get(0), keys.get(1));
    }

    @Test
    void aSignInIsNeverSentTwiceAndHasNoKey() {
        busyAnswers.set(1);
        TiddlyClientException error =
                assertThrows(TiddlyClientException.class, () -> transport.send(Call.login(new JsonObject())));
        assertEquals(503, error.status());
        assertEquals(List.of("POST key-0123456789abcdef"), seen);
        assertEquals(List.of("null"), keys);
    }

    @Test
    void withoutRetriesAWritesLostAnswerIsAConnectionError() {
        Transport once = new Transport(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Auth.apiKey("key-0123456789abcdef"),
                Retry.never());
        lostAnswers.set(1);
        TiddlyClientException error = assertThrows(
                TiddlyClientException.class, () -> once.send(Call.write("POST", "/book", new JsonObject())));
        assertEquals("connection_failed", error.code());
        assertEquals(1, keys.size());
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
