package tiddly.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/**
 * The outbox, the reserved table {@code _tiddly_changes}: every write appends the rows it changed
 * in its own transaction, so a change is there exactly when its write committed. Its ids are the
 * positions streams resume from: before appending, a write takes a lock held until it commits
 * (PostgreSQL's transaction advisory lock, a locked row on MariaDB, SQLite's one writer), so ids
 * are handed out in commit order and a reader that has seen id n has seen every id below it.
 */
final class Outbox {
    static final String TABLE = "_tiddly_changes";
    /**
     * PostgreSQL's channel on which every write's transaction notifies, at commit, with the outbox's
     * oid: other instances wake at once instead of at their next poll.
     */
    static final String CHANNEL = "tiddly_changes";
    /** MariaDB's one-row table whose row a write locks before appending. */
    private static final String LOCK = "_tiddly_changes_lock";
    /** 6 parameters a row: well under SQLite's 32,766 parameters a statement. */
    private static final int ROWS_PER_INSERT = 200;

    private static final List<Column> COLUMNS = List.of(
            column("id", ColumnType.INTEGER),
            column("table_name", ColumnType.TEXT),
            column("op", ColumnType.TEXT),
            column("old_row", ColumnType.TEXT),
            column("new_row", ColumnType.TEXT),
            column("at", ColumnType.INTEGER));

    private final Engine engine;
    private final Dialect dialect;

    Outbox(Engine engine) {
        this.engine = engine;
        this.dialect = engine.dialect();
    }

    /** A new, not yet numbered change. */
    record Draft(Change.Kind kind, Optional<String> before, Optional<String> after) {}

    /** The statements that create the outbox where it does not exist yet. */
    List<String> create() {
        String table = dialect.quote(TABLE);
        return switch (engine) {
            // no AUTOINCREMENT: the newest change is never pruned, so no id is handed out twice
            case SQLITE ->
                List.of("CREATE TABLE IF NOT EXISTS " + table
                        + " (id INTEGER PRIMARY KEY, table_name TEXT NOT NULL, op TEXT NOT NULL,"
                        + " old_row TEXT, new_row TEXT, at INTEGER NOT NULL)");
            case POSTGRES ->
                List.of("CREATE TABLE IF NOT EXISTS " + table
                        + " (id BIGSERIAL PRIMARY KEY, table_name TEXT NOT NULL, op TEXT NOT NULL,"
                        + " old_row TEXT, new_row TEXT, at BIGINT NOT NULL)");
            case MARIADB ->
                List.of(
                        "CREATE TABLE IF NOT EXISTS " + table
                                + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, table_name VARCHAR(255) NOT NULL,"
                                + " op VARCHAR(6) NOT NULL, old_row LONGTEXT, new_row LONGTEXT, at BIGINT NOT NULL)",
                        "CREATE TABLE IF NOT EXISTS " + dialect.quote(LOCK)
                                + " (id INT PRIMARY KEY, n BIGINT NOT NULL)",
                        "INSERT IGNORE INTO " + dialect.quote(LOCK) + " VALUES (1, 0)");
        };
    }

    /**
     * What a write runs before appending, so that ids follow commit order: nothing on SQLite,
     * whose writers already take turns. On PostgreSQL it also queues the NOTIFY that wakes the
     * other instances when (and only if) the write commits, and marks the transaction as recorded
     * for the {@link Triggers} of {@code --realtime-triggers}.
     */
    Optional<Statement> lock() {
        return switch (engine) {
            case SQLITE -> Optional.empty();
            // keyed by the outbox's oid, so that two schemas of one database do not wait for each other
            case POSTGRES ->
                Optional.of(new Statement(
                        "SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock('" + TABLE
                                + "'::regclass::oid::bigint), pg_notify('" + CHANNEL + "', '" + TABLE
                                + "'::regclass::oid::text), set_config('" + Triggers.MARK
                                + "', 'on', true)) AS taken",
                        List.of(),
                        List.of(column("locked", ColumnType.INTEGER)),
                        false));
            case MARIADB ->
                Optional.of(new Statement(
                        "SELECT n FROM " + dialect.quote(LOCK) + " WHERE id = 1 FOR UPDATE",
                        List.of(),
                        List.of(column("n", ColumnType.INTEGER)),
                        false));
        };
    }

    /** INSERTs appending {@code drafts}, changes of {@code table}, in order. */
    List<Statement> append(String table, List<Draft> drafts, long at) {
        List<Statement> statements = new ArrayList<>();
        for (int from = 0; from < drafts.size(); from += ROWS_PER_INSERT) {
            StringJoiner rows = new StringJoiner(", ");
            List<Object> parameters = new ArrayList<>();
            for (Draft draft : drafts.subList(from, Math.min(drafts.size(), from + ROWS_PER_INSERT))) {
                rows.add("(?, ?, ?, ?, ?)");
                parameters.add(table);
                parameters.add(draft.kind().name().toLowerCase(Locale.ROOT));
                parameters.add(draft.before().orElse(null));
                parameters.add(draft.after().orElse(null));
                parameters.add(at);
            }
            statements.add(new Statement(
                    "INSERT INTO " + dialect.quote(TABLE) + " (table_name, op, old_row, new_row, at) VALUES " + rows,
                    parameters,
                    List.of(),
                    false));
        }
        return statements;
    }

    /** The changes after position {@code id}, oldest first, at most {@code limit}. */
    Statement after(long id, int limit) {
        List<Object> parameters = new ArrayList<>(List.of(id));
        String sql = "SELECT id, table_name, op, old_row, new_row, at FROM " + dialect.quote(TABLE)
                + " WHERE id > ? ORDER BY id" + dialect.limit(limit, 0, parameters);
        return new Statement(sql, parameters, COLUMNS, false);
    }

    /** The oldest and the newest position kept, as {@code oldest} and {@code newest} (null when empty). */
    Statement bounds() {
        return new Statement(
                "SELECT min(id) AS oldest, max(id) AS newest FROM " + dialect.quote(TABLE),
                List.of(),
                List.of(column("oldest", ColumnType.INTEGER), column("newest", ColumnType.INTEGER)),
                false);
    }

    /** Deletes the changes written before {@code at}, but never the newest one (it marks the last position). */
    Statement prune(long at) {
        String table = dialect.quote(TABLE);
        // the inner SELECT is wrapped once more: MariaDB may not read the table a DELETE deletes from
        return new Statement(
                "DELETE FROM " + table + " WHERE at < ? AND id < (SELECT newest FROM (SELECT max(id) AS newest FROM "
                        + table + ") AS last)",
                List.of(at),
                List.of(),
                false);
    }

    static Change change(Map<String, Object> row) {
        return new Change(
                ((Number) row.get("id")).longValue(),
                (String) row.get("table_name"),
                Change.Kind.valueOf(((String) row.get("op")).toUpperCase(Locale.ROOT)),
                Optional.ofNullable((String) row.get("old_row")),
                Optional.ofNullable((String) row.get("new_row")),
                ((Number) row.get("at")).longValue());
    }

    /** A column of one of Tiddly's own tables, as a statement reads it back. */
    static Column column(String name, ColumnType type) {
        return new Column(name, "", type, true, Optional.empty(), false, false, true, false);
    }
}
