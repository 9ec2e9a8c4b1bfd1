package tiddly.query;

import tiddly.schema.Column;

/** One term of {@code orderby}. */
public record Order(Column column, boolean descending, Nulls nulls) {
    public enum Nulls {
        /** The database's default: SQLite sorts NULL first ascending, last descending. */
        DEFAULT,
        FIRST,
        LAST
    }
}
