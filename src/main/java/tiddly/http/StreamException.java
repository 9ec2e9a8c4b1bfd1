package tiddly.http;

import java.util.Map;
import tiddly.TiddlyException;

/** A live query that cannot be served; sent as the usual JSON envelope, before any stream starts. */
final class StreamException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    /** Seconds for a Retry-After header; 0: none. */
    private final int retryAfter;

    private StreamException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    private StreamException(int status, String code, String message, int retryAfter) {
        super(status, code, message);
        this.retryAfter = retryAfter;
    }

    @Override
    public Map<String, String> headers() {
        return retryAfter > 0 ? Map.of("Retry-After", Integer.toString(retryAfter)) : Map.of();
    }

    /** The server runs with --realtime off. */
    static StreamException off() {
        return new StreamException(
                406, "realtime_off", "live queries are off on this server (--realtime off): ask for JSON instead");
    }

    /** What a stream cannot do: aggregates, embeds, one row by key… */
    static StreamException unsupported(String what) {
        return new StreamException(400, "invalid_stream", what);
    }

    /** The client address holds as many streams as --realtime-streams-per-client allows. */
    static StreamException tooMany(int perClient) {
        return new StreamException(
                429,
                "too_many_streams",
                "this client address has " + perClient + " streams open, the most --realtime-streams-per-client"
                        + " allows: close one before opening another");
    }

    /** The server holds as many streams as --realtime-max-streams allows: another instance may have room. */
    static StreamException serverFull() {
        return new StreamException(
                503,
                "streams_full",
                "this server holds the most live-query streams --realtime-max-streams allows; try again later"
                        + " or another instance",
                5);
    }

    /** A Last-Event-ID or last_event_id that is not a position this server gave. */
    static StreamException invalidPosition(String value) {
        return new StreamException(
                400, "invalid_stream", "the last event id '" + value + "' is not a position a stream gave");
    }
}
