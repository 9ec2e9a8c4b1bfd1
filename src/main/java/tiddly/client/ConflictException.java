package tiddly.client;

import java.util.Optional;

/**
 * A 412 {@code etag_mismatch}: the row changed on the server since it was read, so the write was
 * not applied. {@link #current()} is the row as it is now, when the caller may read it.
 */
public final class ConflictException extends TiddlyClientException {
    private static final long serialVersionUID = 1L;

    private final transient Row current;

    ConflictException(TiddlyClientException cause, Row current) {
        super(
                cause.status(),
                cause.code(),
                cause.getMessage(),
                cause.details(),
                cause.requestId().orElse(null),
                cause.data(),
                cause.etag().orElse(null));
        this.current = current;
        initCause(cause);
    }

    /** The server's current row, with its current ETag: merge into it and save again. */
    public Optional<Row> current() {
        return Optional.ofNullable(current);
    }
}
