package tiddly.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tiddly.query.Delete;
import tiddly.query.Insert;
import tiddly.query.Query;
import tiddly.query.Update;
import tiddly.schema.ForeignKey;
import tiddly.schema.Table;

/**
 * The database's refusals in plain words with stable codes, the same whichever database refused:
 * each database's translator ({@link SqliteErrors}, {@link SqlStateErrors}) only says which.
 */
final class Failures {
    private Failures() {}

    /** What a client waits before trying a database that did not answer: about a failover's time. */
    private static final int RECONNECT_SECONDS = 2;

    /** @param columns the key's column names, or empty when the database did not say */
    static DatabaseException unique(Table table, List<String> columns, Throwable error) {
        String what = columns.isEmpty()
                ? "key"
                : columns.stream().map(name -> "'" + name + "'").collect(Collectors.joining(" and "));
        return new DatabaseException(
                409,
                "unique_violation",
                "a row of '" + table.name() + "' with the same " + what + " already exists",
                error);
    }

    static DatabaseException foreignKey(Query query, Throwable error) {
        return new DatabaseException(409, "foreign_key_violation", foreignKeyMessage(query), error);
    }

    /** @param check the check's name or expression, as the database gave it */
    static DatabaseException check(Table table, String check, Throwable error) {
        return new DatabaseException(
                409,
                "check_violation",
                "the row breaks the check '" + check + "' of table '" + table.name() + "'",
                error);
    }

    static DatabaseException notNull(String table, String column, Throwable error) {
        return new DatabaseException(
                400, "not_null_violation", "column '" + column + "' of '" + table + "' may not be null", error);
    }

    static DatabaseException typeMismatch(Table table, Throwable error) {
        return new DatabaseException(
                400, "type_mismatch", "a value does not fit its column's type in '" + table.name() + "'", error);
    }

    /** A written value its column refused though its type looked right: an enum's label outside its list. */
    static DatabaseException notAValue(String column, Throwable error) {
        return new DatabaseException(
                400,
                "invalid_value",
                "column '" + column + "' does not take the value given (not one of its labels)",
                error);
    }

    /** A read's value that the database refused for its column's type, or an operator the type lacks. */
    static DatabaseException invalidValue(Throwable error) {
        return new DatabaseException(
                400, "type_mismatch", "a value or operator does not fit its column's type in the database", error);
    }

    static DatabaseException tooBig(Throwable error) {
        return new DatabaseException(413, "too_big", "a value is too large for the database", error);
    }

    /**
     * The database refused the statement as too large or complex: a limit the request stage's
     * bounds should have kept the request inside, so a 4xx that names the limit, not a 500.
     *
     * @param what the limit, in Tiddly's words, never the database's message
     */
    static DatabaseException limit(String what, Throwable error) {
        return new DatabaseException(
                400, "database_limit", "the request is too large or complex for the database: " + what, error);
    }

    /** A value longer than an index of {@code table} can hold (PostgreSQL's B-tree: about 2700 bytes). */
    static DatabaseException tooLongForIndex(Table table, Throwable error) {
        return new DatabaseException(
                400, "value_too_long", "a value is too long for an index of '" + table.name() + "'", error);
    }

    static DatabaseException busy(Throwable error) {
        return new DatabaseException(503, "database_busy", "the database is busy; try again", error, 1);
    }

    /** Two transactions met (a serialization failure or a deadlock) and retries did not get through. */
    static DatabaseException conflict(Throwable error) {
        return new DatabaseException(
                503, "write_conflict", "the write met concurrent writes to the same rows; try again", error, 1);
    }

    static DatabaseException timedOut(Throwable error) {
        return new DatabaseException(
                503,
                "statement_timeout",
                "the query ran longer than the statement timeout and was stopped; narrow it or add an index",
                error);
    }

    static DatabaseException unavailable(Throwable error) {
        return new DatabaseException(
                503, "database_unavailable", "the database cannot be reached; try again", error, RECONNECT_SECONDS);
    }

    /**
     * A constraint the database checked where Tiddly wrote no statement of its own to name: in a
     * function's or a hook's SQL, or at a commit (a deferred constraint). {@code kind} is the
     * constraint's code, as for a table's write; the message names no table, which the caller may
     * not be allowed to know of.
     */
    static DatabaseException constraint(String kind, Throwable error) {
        return switch (kind) {
            case "unique_violation" ->
                new DatabaseException(
                        409,
                        kind,
                        "a row with the same key or unique value already exists; nothing was written",
                        error);
            case "foreign_key_violation" ->
                new DatabaseException(
                        409,
                        kind,
                        "a value refers to a row that does not exist, or a row is still referred to; nothing was written",
                        error);
            case "not_null_violation" ->
                new DatabaseException(
                        400, kind, "a column that may not be null was given NULL; nothing was written", error);
            default ->
                new DatabaseException(
                        409, "check_violation", "a value breaks a check of the database; nothing was written", error);
        };
    }

    /**
     * A function or trigger of the database raised an error of its own ({@code RAISE EXCEPTION},
     * {@code SIGNAL}, SQLite's {@code RAISE(ABORT, …)}): its way of refusing a call or a write.
     * Its message is not passed on: the database's messages never reach clients.
     */
    static DatabaseException raised(Throwable error) {
        return new DatabaseException(
                400,
                "database_refused",
                "a function or trigger of the database raised an error and refused the statement; nothing was"
                        + " written",
                error);
    }

    static DatabaseException failure(Throwable error) {
        return new DatabaseException(500, "database_error", "the database failed to run the request", error);
    }

    /**
     * A statement tried to write in a transaction that may only read: SQLite's {@code query_only}
     * (its read-only result codes) or SQLSTATE 25006 (PostgreSQL, MariaDB).
     */
    static boolean writeRefused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.sqlite.SQLiteException sqlite
                    && sqlite.getResultCode().name().startsWith("SQLITE_READONLY")) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && "25006".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A function declared read-only whose SQL writes: the operator's declaration is wrong. */
    static DatabaseException notReadOnly(Throwable error) {
        return new DatabaseException(
                403,
                "function_not_read_only",
                "the function is declared read-only but its SQL writes; nothing was written",
                error);
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
        return new DatabaseException(
                503, "interrupted", "the server is shutting down", error, 1); // another instance may answer
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
                .map(Failures::describe)
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
}
