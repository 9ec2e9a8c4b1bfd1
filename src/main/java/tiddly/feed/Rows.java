package tiddly.feed;

import java.util.Map;
import java.util.Optional;
import tiddly.schema.Table;
import tiddly.sql.Change;

/** A change with its rows before and after, read with its table's columns (decoded once for all subscribers). */
record Rows(Change change, Optional<Map<String, Object>> before, Optional<Map<String, Object>> after) {
    static Rows of(Change change, Table table) {
        return new Rows(
                change,
                change.before().map(json -> RowReader.read(json, table)),
                change.after().map(json -> RowReader.read(json, table)));
    }
}
