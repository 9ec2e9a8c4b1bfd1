package tiddly.schema;

import java.util.List;
import java.util.Set;

/**
 * A full-text index over some text columns of a table, made by {@code tiddly search-index}: a
 * search names exactly these columns. Reflected like the rest of the schema, from the database's
 * own catalogue: SQLite's FTS5 table, PostgreSQL's GIN index, MariaDB's FULLTEXT index.
 *
 * @param name the index's name in the database (SQLite: its FTS5 table)
 * @param columns the indexed columns, in index order
 * @param words PostgreSQL: the stored column that its GIN index indexes, the document without
 *     positions ({@code strip}), or {@code name} for an index made before Tiddly stored one (the
 *     document with positions then serves both); elsewhere {@code name}
 * @param statistics PostgreSQL: the planner's statistics of the column {@code words} when the
 *     schema was read, by which a search chooses how its rows are found (see {@code
 *     PostgresSearch#match}); elsewhere none. Only for speed: they change no result
 */
public record SearchIndex(String name, List<String> columns, String words, WordShares statistics) {
    /** What every index Tiddly makes is named after: reserved, so never exposed as a table. */
    public static final String PREFIX = "_search_";

    public SearchIndex {
        columns = List.copyOf(columns);
    }

    public SearchIndex(String name, List<String> columns) {
        this(name, columns, name);
    }

    public SearchIndex(String name, List<String> columns, String words) {
        this(name, columns, words, WordShares.NONE);
    }

    /** PostgreSQL: the words that most rows hold, which a search need not look up in the index. */
    public Set<String> common() {
        return statistics.common();
    }

    /** PostgreSQL: whether the index was made before the document without positions was stored. */
    public boolean positionsOnly() {
        return words.equals(name);
    }
}
