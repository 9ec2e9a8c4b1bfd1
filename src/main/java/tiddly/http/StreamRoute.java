package tiddly.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import spark.Request;
import spark.Response;
import tiddly.auth.Authenticator;
import tiddly.auth.Identity;
import tiddly.feed.Event;
import tiddly.feed.Feed;
import tiddly.feed.Subscriber;
import tiddly.query.Fetch;
import tiddly.query.Query;
import tiddly.query.Where;
import tiddly.request.Call;
import tiddly.sql.Database;

/**
 * A live query: {@code GET /t} or {@code QUERY /t} with {@code Accept: text/event-stream}. The
 * call goes through the same pipeline as a read (so a bad filter or a role that may not read gets
 * the usual JSON error, before the stream starts); then the request goes async and the feed sends
 * it the changes of the rows it may see, each row as the table's after read hooks leave it.
 */
final class StreamRoute {
    /** Query parameters of a stream, not of the read it listens to. */
    static final Set<String> STREAM_PARAMS = Set.of("access_token", "last_event_id", "snapshot");
    /** How long EventSource waits before reconnecting, in milliseconds. */
    private static final int RETRY_MILLIS = 2000;

    private final Pipeline pipeline;
    private final Optional<Feed> feed;
    private final TableRoute table;
    private final Database database;
    /** Asked before each event whether the caller's token was revoked since the stream opened. */
    private final Authenticator authenticator;
    /** Encodes each event once for all the streams it goes to. */
    private final EventText encoder = new EventText();

    /** The client address each stream counts against --realtime-streams-per-client. */
    private final ClientAddress address;

    StreamRoute(
            Pipeline pipeline,
            Optional<Feed> feed,
            TableRoute table,
            Database database,
            Authenticator authenticator,
            ClientAddress address) {
        this.pipeline = pipeline;
        this.address = address;
        this.authenticator = authenticator;
        this.feed = feed;
        this.table = table;
        this.database = database;
    }

    /**
     * Whether the request asks for a stream: a read of a table that accepts text/event-stream. A
     * reserved path ({@code /_backup}, {@code /_schema}, {@code /_rpc/name}, …) never streams, so
     * its {@code ?access_token=} is never taken as a credential (IdentityFilter).
     */
    static boolean wanted(Request request) {
        String accept = request.headers("Accept");
        if (accept == null
                || !accept.contains("text/event-stream")
                || request.pathInfo() == null
                || reserved(request.pathInfo())) {
            return false;
        }
        String method = request.requestMethod();
        return method.equals("GET")
                || method.equals("QUERY")
                || method.equals("FETCH")
                || method.equals("POST") && request.pathInfo().endsWith("/_query");
    }

    /** Whether the path's first segment, past any empty ones ({@code //_backup}), starts with '_'. */
    private static boolean reserved(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return path.startsWith("_", start);
    }

    String handle(Request request, Response response) throws IOException {
        Call asked = table.call(request);
        if (asked.key().isPresent()) {
            throw StreamException.unsupported("a stream listens to a table, not to one row: drop the key");
        }
        OptionalLong from = lastEventId(request, asked);
        boolean snapshot = snapshot(asked);
        Call call = withoutStreamParts(asked);
        Identity identity = IdentityFilter.of(request);
        Query query = pipeline.prepare(identity, call).query(); // the read's checks and the caller's rules
        Fetch fetch = (Fetch) query;
        if (fetch.grouped() || fetch.distinct()) {
            throw StreamException.unsupported(
                    "a stream sends rows as they change: aggregates, groupby and distinct" + " cannot be streamed");
        }
        unstreamable(fetch.where()).ifPresent(what -> {
            throw StreamException.unsupported(what);
        });
        Feed live = feed.orElseThrow(StreamException::off);
        Runnable release = live.admit(address.of(request))
                .orElseThrow(() ->
                        live.full() ? StreamException.serverFull() : StreamException.tooMany(live.streamsPerClient()));
        try {
            return open(request, response, live, release, identity, fetch, from, snapshot);
        } catch (IOException | RuntimeException e) {
            release.run(); // the stream never started, or broke while starting: its slot is free again
            throw e;
        }
    }

    private String open(
            Request request,
            Response response,
            Feed live,
            Runnable release,
            Identity identity,
            Fetch fetch,
            OptionalLong resume,
            boolean snapshot)
            throws IOException {
        OptionalLong from = resume;
        response.status(200);
        response.type("text/event-stream;charset=utf-8");
        if (response.raw().getHeader("Cache-Control") == null) {
            response.header("Cache-Control", "no-cache");
        }
        response.header("X-Accel-Buffering", "no"); // nginx: pass events on as they come
        EventStream stream = EventStream.open(request.raw(), live.buffer(), encoder);
        stream.onClose(release); // a client that leaves during the snapshot frees its slot too
        stream.writeNow("retry: " + RETRY_MILLIS + "\n\n");
        stream.flushNow(); // the headers go out now: the client knows the stream started
        if (from.isPresent() && !live.kept(from.getAsLong())) {
            stream.writeNow(EventStream.encode(new Event(
                    "reset",
                    Optional.empty(),
                    Map.of(
                            "error",
                            "the changes after id " + from.getAsLong()
                                    + " are no longer kept, or more than " + Feed.MAX_REPLAY
                                    + " to replay: fetch the rows again (or reconnect with snapshot=true)"))));
            from = OptionalLong.empty();
        }
        if (snapshot && from.isEmpty()) {
            from = OptionalLong.of(snapshot(identity, fetch, stream));
        }
        stream.flushNow();
        Subscriber subscriber = new Subscriber(
                fetch,
                stream,
                expiry(identity),
                () -> authenticator.stillValid(identity),
                pipeline.hasAfter(fetch)
                        ? Optional.of(row ->
                                pipeline.afterRow(identity, fetch, row).stream().findFirst())
                        : Optional.empty());
        stream.onClose(() -> {
            live.unsubscribe(subscriber);
            release.run();
        });
        stream.listen();
        live.subscribe(subscriber, from);
        return "";
    }

    /**
     * Why a filter cannot be checked on a changed row in memory, if it cannot: a full-text search
     * matches what the engine's index holds (stemmed words, its own tokens), which a row alone
     * does not give, and a deleted row is in no index any more; JSON paths are not evaluated in
     * memory. A {@code has} may hold them: it is answered by the database.
     */
    private static Optional<String> unstreamable(Where where) {
        if (where instanceof Where.Search) {
            return Optional.of("a stream cannot filter by full-text 'search': the engine matches rows of its index,"
                    + " not a changed row; filter the events with other operators and search with a query");
        }
        if (where instanceof Where.JsonCompare || where instanceof Where.JsonContains) {
            return Optional.of("a stream cannot filter on a path inside a JSON column: filter the events with"
                    + " other operators, or compare the whole column");
        }
        List<Where> parts = where instanceof Where.And and
                ? and.parts()
                : where instanceof Where.Or or
                        ? or.parts()
                        : where instanceof Where.Not not ? List.of(not.part()) : List.of();
        return parts.stream()
                .map(StreamRoute::unstreamable)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * Sends the rows the query matches now, as {@code snapshot} events, and gives the position they
     * were read at: the stream goes on from there, with no gap and no duplicate. The rows are read
     * first and sent after, so that a slow client never holds the read's transaction open.
     */
    private long snapshot(Identity identity, Fetch fetch, EventStream stream) throws IOException {
        Database.Snapshot<List<Map<String, Object>>> read = database.snapshot(rows -> {
            List<Map<String, Object>> found = new ArrayList<>();
            pipeline.reader.read(rows, fetch, row -> found.addAll(pipeline.afterRow(identity, fetch, row)));
            return found;
        });
        for (Map<String, Object> row : read.value()) {
            stream.writeNow(EventStream.encode(new Event("snapshot", Optional.empty(), Map.of("row", row))));
        }
        return read.position();
    }

    /** Where a reconnecting client left off: the Last-Event-ID header EventSource sends, or last_event_id. */
    private static OptionalLong lastEventId(Request request, Call call) {
        String header = request.headers("Last-Event-ID");
        List<String> param = call.params().getOrDefault("last_event_id", List.of());
        String value = header != null
                ? header.strip()
                : param.isEmpty() ? null : param.get(0).strip();
        if (value == null || value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long position = Long.parseLong(value);
            if (position >= 0) {
                return OptionalLong.of(position);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw StreamException.invalidPosition(value.length() > 40 ? value.substring(0, 40) + "…" : value);
    }

    /** {@code ?snapshot=true}, or {@code "snapshot": true} in a QUERY body. */
    private static boolean snapshot(Call call) {
        List<String> param = call.params().getOrDefault("snapshot", List.of());
        if (!param.isEmpty()) {
            if (!param.get(0).equals("true") && !param.get(0).equals("false")) {
                throw StreamException.unsupported("'snapshot' must be true or false, got '" + param.get(0) + "'");
            }
            return param.get(0).equals("true");
        }
        if (!call.body().contains("\"snapshot\"")) {
            return false;
        }
        try {
            JsonElement json = JsonParser.parseString(call.body());
            if (!json.isJsonObject() || !json.getAsJsonObject().has("snapshot")) {
                return false;
            }
            JsonElement value = json.getAsJsonObject().get("snapshot");
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
                throw StreamException.unsupported("'snapshot' must be true or false, got " + value);
            }
            return value.getAsBoolean();
        } catch (JsonParseException e) {
            return false; // the read's parser answers with the precise error
        }
    }

    /** When the caller's token expires, from its exp claim; API keys and anonymous callers never do. */
    private static Optional<Instant> expiry(Identity identity) {
        return identity.claim("exp")
                .filter(Number.class::isInstance)
                .map(exp -> Instant.ofEpochSecond(((Number) exp).longValue()));
    }

    /** The call without what only the stream reads: its parameters, and a body's "snapshot". */
    private static Call withoutStreamParts(Call call) {
        Map<String, List<String>> params = new LinkedHashMap<>(call.params());
        STREAM_PARAMS.forEach(params::remove);
        return new Call(call.verb(), call.table(), call.key(), withoutSnapshot(call.body()), params, call.ifMatch());
    }

    private static String withoutSnapshot(String body) {
        if (!body.contains("\"snapshot\"")) {
            return body;
        }
        try {
            JsonElement json = JsonParser.parseString(body);
            if (json.isJsonObject()) {
                JsonObject object = json.getAsJsonObject().deepCopy();
                object.remove("snapshot");
                return object.toString();
            }
        } catch (JsonParseException e) {
            // the read's parser answers with the precise error
        }
        return body;
    }
}
