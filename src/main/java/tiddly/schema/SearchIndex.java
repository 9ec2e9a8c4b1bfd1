package tiddly.schema;

import java.util.List;

/**
 * A full-text index over some text columns of a table, made by {@code tiddly search-index}: a
 * search names exactly these columns. Reflected like the rest of the schema, from the database's
 * own catalogue: SQLite's FTS5 table, PostgreSQL's GIN index, MariaDB's FULLTEXT index.
 *
 * @param name the index's name in the database (SQLite: its FTS5 table)
 * @param columns the indexed columns, in index order
 */
public record SearchIndex(String name, List<String> columns) {
    /** What every index Tiddly makes is named after: reserved, so never exposed as a table. */
    public static final String PREFIX = "_search_";

    public SearchIndex {
        columns = List.copyOf(columns);
    }
}
