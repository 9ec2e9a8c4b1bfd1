package tiddly.http;

import java.util.Locale;
import java.util.Optional;

/** What an import reads: CSV with a header row, one JSON object per line, or one JSON array of objects. */
public enum ImportFormat {
    CSV,
    NDJSON,
    JSON;

    /** By a request's Content-Type: {@code text/csv}, {@code application/x-ndjson} (JSON bodies are plain inserts). */
    static Optional<ImportFormat> ofContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/csv")) {
            return Optional.of(CSV);
        }
        if (type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl")) {
            return Optional.of(NDJSON);
        }
        return Optional.empty();
    }

    /** By a file name's extension: .csv, .ndjson or .jsonl, .json. */
    public static Optional<ImportFormat> ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
            return Optional.of(NDJSON);
        }
        if (lower.endsWith(".json")) {
            return Optional.of(JSON);
        }
        return Optional.empty();
    }
}
