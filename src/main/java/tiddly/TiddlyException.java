package tiddly;

import java.util.Map;
import java.util.Optional;

/**
 * Root of every expected error. Each carries the HTTP status and the stable code the client sees;
 * the HTTP layer turns it into the error envelope. Codes are listed in docs/errors.md.
 */
public abstract class TiddlyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    protected TiddlyException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    protected TiddlyException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Per-field problems for the envelope's "details"; empty when the message says it all. */
    public Map<String, String> details() {
        return Map.of();
    }

    /** Data the error envelope carries too, such as the current row on a 412. */
    public Optional<Object> data() {
        return Optional.empty();
    }

    /** Headers the response must carry, such as Allow on a 405. */
    public Map<String, String> headers() {
        return Map.of();
    }
}
