package tiddly.query;

import java.util.List;

/**
 * An If-Match header: the write applies only if the row's current ETag is one of {@code etags};
 * {@code *} matches any existing row.
 *
 * @param showsRow whether a 412 may show the row as it is now and its ETag: not to a caller whose
 *     role may not read the table, which would otherwise read any row it may write through it
 */
public record Precondition(List<String> etags, boolean showsRow) {
    public Precondition {
        etags = List.copyOf(etags);
    }

    public Precondition(List<String> etags) {
        this(etags, true);
    }

    public boolean matches(String etag) {
        return etags.contains("*") || etags.contains(etag);
    }

    /** The same check for a caller who may not read the row: its 412 shows neither the row nor its ETag. */
    public Precondition blind() {
        return new Precondition(etags, false);
    }

    /** Parses a header value: a comma-separated list of quoted ETags, or {@code *}. */
    public static Precondition parse(String header) {
        return new Precondition(List.of(header.trim().split("\\s*,\\s*")));
    }
}
