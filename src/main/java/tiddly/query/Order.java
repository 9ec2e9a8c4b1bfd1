package tiddly.query;

import java.util.List;
import tiddly.schema.Column;

/**
 * One term of {@code orderby}.
 *
 * @param path empty for the column itself; else object keys (String) and array positions
 *     (Integer) of a value inside the JSON column, ordered by its JSON type, then its value
 */
public record Order(Column column, boolean descending, Nulls nulls, List<Object> path) {
    public Order {
        path = List.copyOf(path);
    }

    public Order(Column column, boolean descending, Nulls nulls) {
        this(column, descending, nulls, List.of());
    }

    /** Whether this term orders by a value inside a JSON column rather than by the column. */
    public boolean inside() {
        return !path.isEmpty();
    }

    public enum Nulls {
        /** The database's default: SQLite sorts NULL first ascending, last descending. */
        DEFAULT,
        FIRST,
        LAST
    }
}
