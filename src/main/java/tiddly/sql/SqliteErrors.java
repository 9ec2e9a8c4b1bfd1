package tiddly.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import tiddly.query.Delete;
import tiddly.query.Insert;
import tiddly.query.Query;
import tiddly.query.Update;
import tiddly.schema.ForeignKey;
import tiddly.schema.Table;

/** Translates SQLite's errors into plain-worded {@link DatabaseException}s with stable codes. */
final class SqliteErrors {
    /** SQLite's own text after the code, like "UNIQUE constraint failed: user.email". */
    private static final Pattern DETAIL = Pattern.compile("constraint failed: (.*?)\\)?$");

    private SqliteErrors() {}

    static DatabaseException translate(Query query, Throwable error) {
        SQLiteException sqlite = find(error);
        if (sqlite == null) {
            return failure(error);
        }
        Table table = query.table();
        String detail = detail(sqlite.getMessage());
        SQLiteErrorCode code = sqlite.getResultCode();
        return switch (code) {
            case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY ->
                new DatabaseException(
                        409,
                        "unique_violation",
                        "a row of '" + table.name() + "' with the same " + columns(detail) + " already exists",
                        error);
            case SQLITE_CONSTRAINT_FOREIGNKEY ->
                new DatabaseException(409, "foreign_key_violation", foreignKeyMessage(query), error);
            case SQLITE_CONSTRAINT_CHECK ->
                new DatabaseException(
                        409,
                        "check_violation",
                        "the row breaks the check '" + detail + "' of table '" + table.name() + "'",
                        error);
            case SQLITE_CONSTRAINT_NOTNULL ->
                new DatabaseException(
                        400,
                        "not_null_violation",
                        "column " + columns(detail) + " of '" + tableOf(detail, table) + "' may not be null",
                        error);
            case SQLITE_MISMATCH, SQLITE_CONSTRAINT_DATATYPE ->
                new DatabaseException(
                        400,
                        "type_mismatch",
                        "a value does not fit its column's type in '" + table.name() + "'",
                        error);
            case SQLITE_INTERRUPT -> timedOut(error);
            case SQLITE_TOOBIG -> new DatabaseException(413, "too_big", "a value is too large for the database", error);
            case SQLITE_BUSY,
                    SQLITE_BUSY_RECOVERY,
                    SQLITE_BUSY_SNAPSHOT,
                    SQLITE_BUSY_TIMEOUT,
                    SQLITE_LOCKED,
                    SQLITE_LOCKED_SHAREDCACHE ->
                new DatabaseException(503, "database_busy", "the database is busy; try again", error);
            case SQLITE_READONLY,
                    SQLITE_READONLY_DBMOVED,
                    SQLITE_READONLY_RECOVERY,
                    SQLITE_READONLY_CANTLOCK,
                    SQLITE_READONLY_ROLLBACK ->
                new DatabaseException(503, "read_only_database", "the database file is read-only", error);
            default -> failure(error);
        };
    }

    /** A read's error: the database busy or failing, never the client's fault (its input was checked). */
    static DatabaseException translateRead(Throwable error) {
        SQLiteException sqlite = find(error);
        if (sqlite != null && sqlite.getResultCode().name().startsWith("SQLITE_BUSY")) {
            return new DatabaseException(503, "database_busy", "the database is busy; try again", error);
        }
        if (sqlite != null && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_INTERRUPT) {
            return timedOut(error);
        }
        return failure(error);
    }

    /** An upsert met a row the caller's rules do not let it update: the same answer as a plain insert's. */
    static DatabaseException notYours(Table table) {
        return new DatabaseException(
                409,
                "unique_violation",
                "a row of '" + table.name()
                        + "' with the same key already exists, and your rules do not let you update it",
                null);
    }

    /** The server is stopping while a request waits for the database. */
    static DatabaseException interrupted(InterruptedException error) {
        return new DatabaseException(503, "interrupted", "the server is shutting down", error);
    }

    private static DatabaseException timedOut(Throwable error) {
        return new DatabaseException(
                503,
                "statement_timeout",
                "the query ran longer than the statement timeout and was stopped; narrow it or add an index",
                error);
    }

    private static DatabaseException failure(Throwable error) {
        return new DatabaseException(500, "database_error", "the database failed to run the request", error);
    }

    private static String foreignKeyMessage(Query query) {
        Table table = query.table();
        if (query instanceof Delete) {
            return "the row of '" + table.name() + "' is still referred to by rows of another table";
        }
        Set<String> written = new HashSet<>();
        if (query instanceof Insert insert) {
            insert.rows().forEach(row -> row.values().keySet().forEach(column -> written.add(column.name())));
        } else if (query instanceof Update update) {
            update.values().values().keySet().forEach(column -> written.add(column.name()));
        }
        List<String> keys = table.foreignKeys().stream()
                .filter(key -> key.columns().stream().anyMatch(written::contains))
                .map(SqliteErrors::describe)
                .toList();
        return keys.isEmpty()
                ? "a foreign key of '" + table.name() + "' is violated"
                : "a value refers to a row that does not exist: " + String.join(", ", keys);
    }

    /** "author_id → author.id". */
    private static String describe(ForeignKey key) {
        return String.join(", ", key.columns()) + " → " + key.referencedTable() + "."
                + String.join(", ", key.referencedColumns());
    }

    /** "user.email, user.name" → "'email' and 'name'". */
    private static String columns(String detail) {
        return List.of(detail.split(",\\s*")).stream()
                .map(name -> "'" + name.substring(name.lastIndexOf('.') + 1) + "'")
                .collect(Collectors.joining(" and "));
    }

    /** "slot.shelf_id" → "slot": a cascade can fail in another table than the request's. */
    private static String tableOf(String detail, Table fallback) {
        int dot = detail.indexOf('.');
        return dot > 0 ? detail.substring(0, dot) : fallback.name();
    }

    private static String detail(String message) {
        Matcher matcher = DETAIL.matcher(String.valueOf(message));
        return matcher.find() ? matcher.group(1).strip() : "";
    }

    private static SQLiteException find(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                return sqlite;
            }
        }
        return null;
    }
}
