package tiddly.sql;

import java.util.List;
import tiddly.schema.Table;

/** What differs between databases in the SQL Tiddly writes. SQLite's is the only one yet. */
public interface Dialect {

    /** {@code name} as a quoted identifier. Only ever called with names from the schema. */
    String quote(String name);

    /** A case-insensitive LIKE of {@code column} against the pattern parameter. */
    String ilike(String column);

    /**
     * An expression giving a row's whole content as one text, the same for the same stored values
     * and different for different ones, from which its ETag is hashed.
     *
     * @param columns every column of the table, quoted
     */
    String rowContent(List<String> columns);

    /** {@link #rowContent} over every column of {@code table}, hidden ones included. */
    default String rowContent(Table table) {
        return rowContent(
                table.columns().stream().map(column -> quote(column.name())).toList());
    }

    /** Where NULLs sort when an order says neither NULLS FIRST nor NULLS LAST. */
    boolean nullsFirstByDefault(boolean descending);

    /** The SQL for a no-row condition, where {@code IN ()} would be empty. */
    default String alwaysFalse() {
        return "1 = 0";
    }

    /** The SQL for an every-row condition, where {@code NOT IN ()} would be empty. */
    default String alwaysTrue() {
        return "1 = 1";
    }
}
