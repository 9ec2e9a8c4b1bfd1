package tiddly.sql;

import java.util.Map;
import java.util.Optional;
import tiddly.TiddlyException;

/** A 412: If-Match named another version of the row; the envelope carries the row as it is now. */
public final class PreconditionFailedException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, Object> current;
    private final String etag;

    PreconditionFailedException(Map<String, Object> current, String etag) {
        super(412, "etag_mismatch", "the row has changed since you read it: If-Match does not match its current ETag");
        this.current = current;
        this.etag = etag;
    }

    @Override
    public Optional<Object> data() {
        return Optional.of(current);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("ETag", etag);
    }
}
