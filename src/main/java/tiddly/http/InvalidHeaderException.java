package tiddly.http;

import tiddly.TiddlyException;

/**
 * A CSV import whose header row cannot name the records' columns: a column named twice (the last
 * field would silently win), a field with no name, or a header longer than --max-body. Nothing is
 * imported: every record would be read wrong.
 */
final class InvalidHeaderException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    InvalidHeaderException(String message) {
        super(400, "invalid_header", message + "; nothing was imported");
    }
}
