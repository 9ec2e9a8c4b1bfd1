package tiddly.sql;

import java.util.Map;
import java.util.Optional;
import tiddly.TiddlyException;

/**
 * A 412: If-Match named another version of the row. The envelope carries the row as it is now and
 * the ETag header its version, unless the caller may not read the row: then neither.
 */
public final class PreconditionFailedException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final transient Optional<Map<String, Object>> current;
    private final transient Optional<String> etag;

    private PreconditionFailedException(Optional<Map<String, Object>> current, Optional<String> etag) {
        super(412, "etag_mismatch", "the row has changed since you read it: If-Match does not match its current ETag");
        this.current = current;
        this.etag = etag;
    }

    /** The row as it is now and its ETag, for a caller who may read it; else nothing of it. */
    static PreconditionFailedException of(boolean shown, Map<String, Object> current, String etag) {
        return shown
                ? new PreconditionFailedException(Optional.of(current), Optional.of(etag))
                : new PreconditionFailedException(Optional.empty(), Optional.empty());
    }

    @Override
    public Optional<Object> data() {
        return current.map(row -> row);
    }

    @Override
    public Map<String, String> headers() {
        return etag.map(tag -> Map.of("ETag", tag)).orElse(Map.of());
    }
}
