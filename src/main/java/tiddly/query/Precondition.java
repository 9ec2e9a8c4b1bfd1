package tiddly.query;

import java.util.List;

/**
 * An If-Match header: the write applies only if the row's current ETag is one of {@code etags};
 * {@code *} matches any existing row.
 */
public record Precondition(List<String> etags) {
    public Precondition {
        etags = List.copyOf(etags);
    }

    public boolean matches(String etag) {
        return etags.contains("*") || etags.contains(etag);
    }

    /** Parses a header value: a comma-separated list of quoted ETags, or {@code *}. */
    public static Precondition parse(String header) {
        return new Precondition(List.of(header.trim().split("\\s*,\\s*")));
    }
}
