package tiddly.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A live query: a Server-Sent Events stream read on a daemon thread of its own, which reconnects
 * after a cut connection or a 5xx with {@code Last-Event-ID}, so no change is lost or repeated
 * (docs/realtime.md, "Resuming"). With a snapshot, a {@code reset} makes it read the rows again
 * (a new snapshot); without one, the listener reads them again itself. A 4xx ends it, reported to
 * {@link ChangeListener#onError}. {@link #close()} ends it.
 */
public final class Subscription implements AutoCloseable {
    private static final long LONGEST_WAIT_MILLIS = 30_000;

    private final TiddlyClient client;
    private final Transport transport;
    private final TableSchema table;
    private final JsonObject body;
    private final ChangeListener listener;
    private final boolean snapshot;
    private final Thread thread;
    private volatile boolean open = true;
    private volatile Stream<String> lines;
    private volatile long lastId = -1;

    private Subscription(
            TiddlyClient client,
            Transport transport,
            TableSchema table,
            JsonObject body,
            ChangeListener listener,
            boolean snapshot) {
        this.client = client;
        this.transport = transport;
        this.table = table;
        this.body = body;
        this.listener = listener;
        this.snapshot = snapshot;
        this.thread = new Thread(this::run, "tiddly-subscription-" + table.name());
        thread.setDaemon(true);
    }

    static Subscription start(
            TiddlyClient client,
            Transport transport,
            TableSchema table,
            JsonObject body,
            ChangeListener listener,
            boolean snapshot) {
        Subscription subscription = new Subscription(client, transport, table, body, listener, snapshot);
        subscription.thread.start();
        return subscription;
    }

    private void run() {
        while (open) {
            SseParser parser = new SseParser();
            try {
                HttpResponse<Stream<String>> response = transport.events(call());
                try (Stream<String> body = response.body()) {
                    lines = body;
                    for (String line : (Iterable<String>) body::iterator) {
                        if (!open) {
                            break;
                        }
                        parser.line(line).ifPresent(this::deliver);
                    }
                }
            } catch (TiddlyClientException e) {
                if (e.status() >= 400 && e.status() < 500 || e.code().equals("listener_failed")) {
                    open = false;
                    listener.onError(e);
                }
            } catch (RuntimeException cut) {
                // the connection was cut (or closed by close()): reconnect below, unless closed
            }
            pause(Math.min(Math.max(parser.retryMillis(), 100), LONGEST_WAIT_MILLIS));
        }
    }

    private Call call() {
        JsonObject request = body.deepCopy();
        Call call;
        if (lastId >= 0) {
            call = Call.query("/" + Reads.segment(table.name()), request)
                    .withHeader("Last-Event-ID", Long.toString(lastId));
        } else {
            if (snapshot) {
                request.addProperty("snapshot", true);
            }
            call = Call.query("/" + Reads.segment(table.name()), request);
        }
        return call;
    }

    private void deliver(SseParser.Event event) {
        JsonObject data = event.data().isEmpty()
                ? new JsonObject()
                : Json.parse(event.data(), "a " + event.name() + " event").getAsJsonObject();
        OptionalLong position =
                event.id().map(id -> OptionalLong.of(Long.parseLong(id))).orElse(OptionalLong.empty());
        JsonElement row = data.get("row");
        JsonElement reason = data.get("reason");
        ChangeEvent change = new ChangeEvent(
                event.name(),
                row != null && row.isJsonObject()
                        ? Optional.of(Row.read(client, table, row.getAsJsonObject(), Optional.empty()))
                        : Optional.empty(),
                reason != null && reason.isJsonPrimitive() ? Optional.of(reason.getAsString()) : Optional.empty(),
                position);
        position.ifPresent(id -> lastId = id); // before the listener, so that it sees its own event's id
        try {
            listener.onEvent(change);
        } catch (RuntimeException e) {
            TiddlyClientException failed = TiddlyClientException.local("listener_failed", "the listener threw " + e);
            failed.initCause(e);
            throw failed;
        }
        if (event.name().equals("reset") && snapshot) {
            lastId = -1; // read the rows again: reconnect with a new snapshot
            throw new IllegalStateException("reset: reconnect with a snapshot");
        }
    }

    private void pause(long millis) {
        if (!open) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            open = false; // interrupted by close(), or by whoever owns the program
        }
    }

    /** The id of the last event received: where a reconnect resumes. */
    public OptionalLong lastEventId() {
        long id = lastId;
        return id < 0 ? OptionalLong.empty() : OptionalLong.of(id);
    }

    public boolean isOpen() {
        return open;
    }

    /** Ends the subscription: its stream is closed and its thread ends. */
    @Override
    public void close() {
        open = false;
        Stream<String> current = lines;
        if (current != null) {
            current.close();
        }
        thread.interrupt();
    }
}
