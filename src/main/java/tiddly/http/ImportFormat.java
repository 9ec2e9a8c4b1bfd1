package tiddly.http;

import java.util.Locale;
import java.util.Optional;

/** What an import reads: CSV with a header row, one JSON object per line, or one JSON array of objects. */
public enum ImportFormat {
    CSV,
    NDJSON,
    JSON;

    /**
     * By a request's Content-Type: {@code text/csv}, {@code application/x-ndjson} (JSON bodies are
     * plain inserts). The media type must be exactly one of these, in any case, with or without
     * parameters: {@code text/csv-schema} is not CSV.
     */
    static Optional<ImportFormat> ofContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/csv" -> Optional.of(CSV);
            case "application/x-ndjson", "application/jsonl" -> Optional.of(NDJSON);
            default -> Optional.empty();
        };
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
