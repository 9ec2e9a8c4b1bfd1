package tiddly.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tiddly.schema.SearchIndexNames;
import tiddly.schema.SearchIndexNote;

/**
 * The statements that create or drop a search index, which only the {@code search-index} command
 * runs (never the server by itself): SQLite's FTS5 table with the triggers that keep it in sync,
 * PostgreSQL's stored tsvector column (never served) with a GIN index of the same name, MariaDB's
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
                List.of(
                        "ALTER TABLE " + quotedTable + " ADD COLUMN " + name + " tsvector GENERATED ALWAYS AS ("
                                + PostgresSearch.document(quoted) + ") STORED",
                        "CREATE INDEX " + name + " ON " + quotedTable + " USING GIN (" + name + ")",
                        "COMMENT ON INDEX " + name + " IS '"
                                + SearchIndexNote.of(columns).replace("'", "''") + "'");
            case MARIADB ->
                List.of("ALTER TABLE " + quotedTable + " ADD FULLTEXT INDEX " + name + " (" + String.join(", ", quoted)
                        + ")");
        };
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
            case POSTGRES -> List.of("ALTER TABLE " + dialect.quote(table) + " DROP COLUMN IF EXISTS " + name);
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
