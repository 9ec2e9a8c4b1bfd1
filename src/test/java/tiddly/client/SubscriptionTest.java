package tiddly.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reconnects of a subscription, against a stand-in server that ends each stream after the events
 * a test gives it (a real server's stream cannot be cut on demand): the reconnect carries
 * Last-Event-ID, a reset with a snapshot asks for a new snapshot, and a 4xx ends the subscription.
 */
class SubscriptionTest {
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<String> streams = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;
    private TiddlyClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(handlers); // a handler waits for its stream; the dispatcher must not
        server.start();
        Transport transport = new Transport(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Auth.none(),
                new Retry(1, Duration.ZERO, Duration.ZERO));
        client = new TiddlyClient(transport, new ClientSchema(Json.parse(Offline.SCHEMA, "the test schema")));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(body + " Last-Event-ID=" + exchange.getRequestHeaders().getFirst("Last-Event-ID"));
        String stream;
        try {
            stream = streams.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (stream == null || stream.startsWith("{")) {
            byte[] error = (stream == null ? "{}" : stream).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(403, error.length);
            exchange.getResponseBody().write(error);
        } else {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(("retry: 1\n\n" + stream).getBytes(StandardCharsets.UTF_8));
            }
        }
        exchange.close();
    }

    private Object next() throws InterruptedException {
        Object event = received.poll(30, TimeUnit.SECONDS);
        assertNotNull(event, "nothing came");
        return event;
    }

    private Subscription subscribe(boolean snapshot) {
        return client.table("author")
                .where("{\"born\": {\"lt\": 1900}}")
                .subscribe(
                        new ChangeListener() {
                            @Override
                            public void onEvent(ChangeEvent event) {
                                received.add(
                                        event.type() + " " + event.position().orElse(-1));
                            }

                            @Override
                            public void onError(TiddlyClientException error) {
                                received.add(error);
                            }
                        },
                        snapshot);
    }

    @Test
    void aCutStreamIsResumedAfterTheLastEventItGot() throws InterruptedException {
        streams.add(
                "event: ready\nid: 7\ndata: {\"position\":7}\n\nevent: insert\nid: 8\ndata: {\"row\":{\"id\":1}}\n\n");
        streams.add("event: insert\nid: 9\ndata: {\"row\":{\"id\":2}}\n\n");
        try (Subscription live = subscribe(false)) {
            assertEquals(List.of("ready 7", "insert 8", "insert 9"), List.of(next(), next(), next()));
            assertEquals(9, live.lastEventId().getAsLong());
        }
        assertEquals(
                List.of(
                        "{\"where\":{\"born\":{\"lt\":1900}}} Last-Event-ID=null",
                        "{\"where\":{\"born\":{\"lt\":1900}}} Last-Event-ID=8"),
                requests.subList(0, 2));
    }

    @Test
    void aResetWithASnapshotReadsTheRowsAgainFromAFreshSnapshot() throws InterruptedException {
        streams.add("event: snapshot\ndata: {\"row\":{\"id\":5}}\n\nevent: ready\nid: 3\ndata: {\"position\":3}\n\n");
        streams.add("event: reset\ndata: {\"error\":\"the changes after id 3 are no longer kept\"}\n\n");
        streams.add("event: snapshot\ndata: {\"row\":{\"id\":5}}\n\nevent: ready\nid: 90\ndata: {\"position\":90}\n\n");
        Subscription live = subscribe(true);
        try {
            assertEquals(
                    List.of("snapshot -1", "ready 3", "reset -1", "snapshot -1", "ready 90"),
                    List.of(next(), next(), next(), next(), next()));
        } finally {
            live.close();
        }
        assertEquals(
                List.of(
                        "{\"where\":{\"born\":{\"lt\":1900}},\"snapshot\":true} Last-Event-ID=null",
                        "{\"where\":{\"born\":{\"lt\":1900}}} Last-Event-ID=3",
                        "{\"where\":{\"born\":{\"lt\":1900}},\"snapshot\":true} Last-Event-ID=null"),
                requests.subList(0, 3));
    }

    @Test
    void aRefusalEndsTheSubscriptionAndReachesTheListener() throws InterruptedException {
        streams.add(
                "{\"status\":\"error\",\"error\":\"role 'anon' may not read table 'author'\",\"code\":\"forbidden\"}");
        Subscription live = subscribe(false);
        TiddlyClientException error = (TiddlyClientException) next();
        assertEquals(403, error.status());
        assertEquals("forbidden", error.code());
        live.close();
    }
}
