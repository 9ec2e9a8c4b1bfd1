package tiddly.sql;

import java.util.Map;
import tiddly.TiddlyException;

/** The database refused a statement for a reason the client can act on, or failed outright. */
public final class DatabaseException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    /** Seconds after which the same request may succeed (a Retry-After header); 0 when retrying will not help. */
    private final int retryAfter;

    DatabaseException(int status, String code, String message, Throwable cause) {
        this(status, code, message, cause, 0);
    }

    DatabaseException(int status, String code, String message, Throwable cause, int retryAfter) {
        super(status, code, message, cause);
        this.retryAfter = retryAfter;
    }

    @Override
    public Map<String, String> headers() {
        return retryAfter > 0 ? Map.of("Retry-After", Integer.toString(retryAfter)) : Map.of();
    }
}
