package tiddly.query;

import java.util.List;
import java.util.Optional;
import tiddly.schema.Table;

/**
 * Insert rows, all or nothing.
 *
 * @param single the body was one object, so the answer is one row rather than an array
 * @param onConflict an upsert: what to do with rows that already exist
 * @param check every stored row must match it, or nothing is stored: a permission rule's row rule
 */
public record Insert(
        Table table, List<Row> rows, boolean single, Optional<OnConflict> onConflict, Optional<Where> check)
        implements Query {
    public Insert {
        rows = List.copyOf(rows);
    }

    public Insert(Table table, List<Row> rows, boolean single, Optional<OnConflict> onConflict) {
        this(table, rows, single, onConflict, Optional.empty());
    }
}
