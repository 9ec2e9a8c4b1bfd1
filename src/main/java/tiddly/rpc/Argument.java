package tiddly.rpc;

import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/**
 * A named argument of a SQL function, typed as a column is, so that its value is checked and
 * converted the same way.
 *
 * @param sqlType the database's name of its type, from the catalog, which the value is cast to
 * @param optional the function has a default for it
 */
public record Argument(String name, ColumnType type, String sqlType, boolean optional) {
    /** The argument as a column, for the value conversions that columns use. */
    public Column column() {
        return Column.derived(name, type);
    }
}
