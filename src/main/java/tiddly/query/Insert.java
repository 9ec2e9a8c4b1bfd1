package tiddly.query;

import java.util.List;
import tiddly.schema.Table;

/**
 * Insert rows, all or nothing.
 *
 * @param single the body was one object, so the answer is one row rather than an array
 */
public record Insert(Table table, List<Row> rows, boolean single) implements Query {
    public Insert {
        rows = List.copyOf(rows);
    }
}
