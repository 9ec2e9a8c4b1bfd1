package tiddly.auth;

import java.util.Map;
import tiddly.TiddlyException;

/** A client address used up its sign-in attempts for this minute: 429, with when to try again. */
public final class TooManyAttemptsException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    TooManyAttemptsException(long retryAfterSeconds) {
        super(
                429,
                "too_many_requests",
                "too many sign-in attempts from this address; try again in " + retryAfterSeconds + " seconds");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
