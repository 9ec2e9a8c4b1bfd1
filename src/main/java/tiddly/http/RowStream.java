package tiddly.http;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Writes a list response row by row, in the envelope or as CSV. */
interface RowStream {
    void row(Map<String, Object> row) throws IOException;

    /** Ends the body; {@code count} and {@code next} are written where the format has room. */
    void end(Optional<Long> count, Optional<String> next) throws IOException;
}
