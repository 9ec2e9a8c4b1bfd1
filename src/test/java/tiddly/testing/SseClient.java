package tiddly.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Server-Sent Events reader for tests: opens a stream with java.net.http, reads its lines on a
 * thread of its own and hands out whole events. Waiting for an event gives up after a generous
 * while only so that a broken test fails instead of hanging; no test asserts how fast events come.
 */
public final class SseClient implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Event END = new Event("(end)", Optional.empty(), "");

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final List<String> body = new ArrayList<>();

    /** One event: its name, its id if it has one, and its data. */
    public record Event(String name, Optional<String> id, String data) {
        public JsonObject json() {
            return JsonParser.parseString(data).getAsJsonObject();
        }

        /** The event's row. */
        public JsonObject row() {
            return json().getAsJsonObject("row");
        }

        public long position() {
            return Long.parseLong(id.orElseThrow());
        }
    }

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code GET path} with Accept: text/event-stream and the given headers. */
    public static SseClient get(int port, String path, Map<String, String> headers) {
        return open(request(port, path, headers).GET().build());
    }

    public static SseClient get(int port, String path) {
        return get(port, path, Map.of());
    }

    /** {@code QUERY path} with a JSON body. */
    public static SseClient query(int port, String path, String json, Map<String, String> headers) {
        return open(request(port, path, headers)
                .header("Content-Type", "application/json")
                .method("QUERY", HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private static HttpRequest.Builder request(int port, String path, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream");
        headers.forEach(builder::header);
        return builder;
    }

    private static SseClient open(HttpRequest request) {
        try {
            return new SseClient(CLIENT.send(request, HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String name = "message";
        Optional<String> id = Optional.empty();
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                synchronized (body) {
                    body.add(line);
                }
                if (line.isEmpty()) {
                    if (data.length() > 0 || !name.equals("message")) {
                        events.add(new Event(name, id, data.toString()));
                    }
                    name = "message";
                    id = Optional.empty();
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = Optional.of(line.substring(4));
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                }
            }
        } catch (RuntimeException e) {
            // the connection was cut: the stream ends here
        }
        events.add(END);
    }

    public int status() {
        return response.statusCode();
    }

    public Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** The body as read so far, for a response that is not a stream (an error envelope). */
    public String body() {
        try {
            reader.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (body) {
            return String.join("\n", body);
        }
    }

    /** The next event (keep-alive comments are not events); fails when the stream ends first. */
    public Event next() {
        Event event = poll();
        assertNotNull(event, "no event came");
        if (event == END) {
            throw new AssertionError("the stream ended");
        }
        return event;
    }

    /** The next event, which must be named {@code name}. */
    public Event next(String name) {
        Event event = next();
        assertEquals(name, event.name(), "the event " + event);
        return event;
    }

    /** Waits for {@code ready}, skipping a snapshot's rows; returns it. */
    public Event ready() {
        return next("ready");
    }

    /** The next event, or empty once the stream has ended (the connection was cut or closed). */
    public Optional<Event> nextUntilEnd() {
        Event event = poll();
        assertNotNull(event, "no event came");
        return event == END ? Optional.empty() : Optional.of(event);
    }

    /** The next SSE comment (a keep-alive), which events do not include. */
    public String nextComment() {
        try {
            String comment = comments.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(comment, "no comment came");
            return comment;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the stream ended (the server closed it) before another event came. */
    public boolean ended() {
        return poll() == END;
    }

    private Event poll() {
        try {
            return events.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
