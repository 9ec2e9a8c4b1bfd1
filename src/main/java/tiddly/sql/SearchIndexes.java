package tiddly.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tiddly.schema.SearchIndexNames;
import tiddly.schema.SearchIndexNote;

/**
 * The statements that create or drop a search index, which only the {@code search-index} command
 * runs (never the server by itself): SQLite's FTS5 table with the triggers that keep it in sync,
 * PostgreSQL's stored tsvector columns (never served) with a GIN index named like the first, MariaDB's
 * FULLTEXT index. Names come from the schema and are
 * quoted; the index is named by {@link SearchIndexNames}.
 */
public final class SearchIndexes {
    /** PostgreSQL cuts longer names short, silently; MariaDB refuses them. */
    public static final int MAX_NAME = 63;

    private SearchIndexes() {}

    /** The index's name on {@code engine}. */
    public static String name(Engine engine, String table, List<String> columns) {
        return engine == Engine.MARIADB ? SearchIndexNames.ofMariadb(columns) : SearchIndexNames.of(table, columns);
    }

    public static List<String> create(Engine engine, String table, List<String> columns) {
        Dialect dialect = engine.dialect();
        String name = dialect.quote(name(engine, table, columns));
        String quotedTable = dialect.quote(table);
        List<String> quoted = columns.stream().map(dialect::quote).toList();
        return switch (engine) {
            case SQLITE -> sqlite(name, table, quotedTable, quoted);
            case POSTGRES ->
                postgres(
                        name,
                        quotedTable,
                        columns,
                        "ADD COLUMN " + name + " tsvector GENERATED ALWAYS AS (" + PostgresSearch.document(quoted)
                                + ") STORED, ");
            case MARIADB ->
                List.of("ALTER TABLE " + quotedTable + " ADD FULLTEXT INDEX " + name + " (" + String.join(", ", quoted)
                        + ")");
        };
    }

    /**
     * PostgreSQL: the statements that bring an index made by an older Tiddly (a GIN index on the
     * document with positions) to the current layout: the document without positions added, and
     * the GIN index made again on it. The table is written again, as by {@link #create}.
     */
    public static List<String> upgrade(String table, List<String> columns) {
        Dialect dialect = Engine.POSTGRES.dialect();
        String name = dialect.quote(name(Engine.POSTGRES, table, columns));
        List<String> statements = new ArrayList<>();
        statements.add("DROP INDEX " + name);
        statements.addAll(postgres(name, dialect.quote(table), columns, ""));
        return statements;
    }

    /**
     * PostgreSQL's columns and index, {@code positions} adding the document with positions (for
     * ts_rank and phrases) when not there yet. The GIN index and the match read a second document,
     * {@code strip()}ped of positions: about 1.3 KB for 220 words instead of 2.2 KB, and kept in
     * the row (STORAGE MAIN) rather than out of line, so that testing a row reads no TOAST pages
     * (docs/performance.md: 6,500 rows tested for a common pair, 4 buffers each out of line).
     * STORAGE is set in the same ALTER TABLE, which writes the rows after every subcommand.
     */
    private static List<String> postgres(String name, String table, List<String> columns, String positions) {
        Dialect dialect = Engine.POSTGRES.dialect();
        List<String> quoted = columns.stream().map(dialect::quote).toList();
        String words = dialect.quote(SearchIndexNames.words(columns));
        return List.of(
                "ALTER TABLE " + table + " " + positions + "ADD COLUMN " + words
                        + " tsvector GENERATED ALWAYS AS (strip(" + PostgresSearch.document(quoted)
                        + ")) STORED, ALTER COLUMN " + words + " SET STORAGE MAIN",
                "CREATE INDEX " + name + " ON " + table + " USING GIN (" + words + ")",
                "COMMENT ON INDEX " + name + " IS '"
                        + SearchIndexNote.of(columns).replace("'", "''") + "'",
                // statistics of the new column, without which the planner guesses how many rows a
                // word is in (0.5 %); rewriting the table does not make autovacuum analyze it
                "ANALYZE " + table);
    }

    /**
     * What {@code search-index} runs after {@link #create} or {@link #upgrade} has committed, each
     * statement on its own (VACUUM cannot run in a transaction); the answers of searches do not
     * change, only their cost. PostgreSQL: adding the stored columns writes every row again, which
     * leaves the table without a visibility map, and nothing makes autovacuum visit it (no row is
     * dead, none counts as inserted); until a VACUUM, every scan checks each row's visibility: the
     * ranked searches of 1,000,000 rows took 8 to 39 % more CPU (docs/performance.md, Session 10).
     */
    public static List<String> afterwards(Engine engine, String table) {
        return engine == Engine.POSTGRES ? List.of("VACUUM " + engine.dialect().quote(table)) : List.of();
    }

    public static List<String> drop(Engine engine, String table, List<String> columns) {
        Dialect dialect = engine.dialect();
        String bare = name(engine, table, columns);
        String name = dialect.quote(bare);
        return switch (engine) {
            case SQLITE ->
                List.of(
                        "DROP TRIGGER IF EXISTS " + dialect.quote(bare + "_insert"),
                        "DROP TRIGGER IF EXISTS " + dialect.quote(bare + "_delete"),
                        "DROP TRIGGER IF EXISTS " + dialect.quote(bare + "_update"),
                        "DROP TABLE IF EXISTS " + name);
            case POSTGRES ->
                List.of("ALTER TABLE " + dialect.quote(table) + " DROP COLUMN IF EXISTS " + name
                        + ", DROP COLUMN IF EXISTS " + dialect.quote(SearchIndexNames.words(columns)));
            case MARIADB -> List.of("ALTER TABLE " + dialect.quote(table) + " DROP INDEX " + name);
        };
    }

    /**
     * An external-content FTS5 table: it stores only the index, and reads the text from the table
     * by rowid. Triggers write each change into it, as the FTS5 documentation shows; 'rebuild'
     * indexes the rows already there.
     */
    private static List<String> sqlite(String name, String table, String quotedTable, List<String> columns) {
        String bare = name.substring(1, name.length() - 1).replace("\"\"", "\"");
        String list = String.join(", ", columns);
        String news = columns.stream().map(column -> "new." + column).collect(Collectors.joining(", "));
        String olds = columns.stream().map(column -> "old." + column).collect(Collectors.joining(", "));
        String insert = "INSERT INTO " + name + " (rowid, " + list + ") VALUES (new.rowid, " + news + ");";
        String delete = "INSERT INTO " + name + " (" + name + ", rowid, " + list + ") VALUES ('delete', old.rowid, "
                + olds + ");";
        List<String> statements = new ArrayList<>();
        statements.add("CREATE VIRTUAL TABLE " + name + " USING fts5(" + list + ", content='" + table.replace("'", "''")
                + "', content_rowid='rowid')");
        statements.add("CREATE TRIGGER " + quote(bare + "_insert") + " AFTER INSERT ON " + quotedTable + " BEGIN "
                + insert + " END");
        statements.add("CREATE TRIGGER " + quote(bare + "_delete") + " AFTER DELETE ON " + quotedTable + " BEGIN "
                + delete + " END");
        statements.add("CREATE TRIGGER " + quote(bare + "_update") + " AFTER UPDATE ON " + quotedTable + " BEGIN "
                + delete + " " + insert + " END");
        statements.add("INSERT INTO " + name + " (" + name + ") VALUES ('rebuild')");
        return statements;
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
