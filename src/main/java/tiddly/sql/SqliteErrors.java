package tiddly.sql;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import tiddly.query.Query;
import tiddly.schema.Table;

/** Translates SQLite's errors by their extended result codes. */
final class SqliteErrors implements Errors {
    /** SQLite's own text after the code, like "UNIQUE constraint failed: user.email". */
    private static final Pattern DETAIL = Pattern.compile("constraint failed: (.*?)\\)?$");

    /**
     * SQLite's limits (sqlite.org/limits.html), by the words of its SQLITE_ERROR messages, which
     * share one result code with real failures; each becomes a 400 in Tiddly's words.
     */
    private static final Map<String, String> LIMITS = Map.of(
            "Expression tree is too large", "an expression is nested too deeply",
            "parser stack overflow", "the query is nested too deeply",
            "LIKE or GLOB pattern too complex", "a like pattern is too long",
            "too many SQL variables", "the statement has too many values",
            "too many columns", "the query has too many columns",
            "too many terms in", "the query has too many terms in its orderby or groupby",
            "too many arguments on function", "a function has too many arguments",
            "tables in a join", "the query joins too many tables",
            "integer overflow", "a number is larger than the database's largest integer");

    @Override
    public DatabaseException translate(Query query, Throwable error) {
        SQLiteException sqlite = find(error);
        if (sqlite == null) {
            return Failures.failure(error);
        }
        Table table = query.table();
        String detail = detail(sqlite.getMessage());
        return switch (sqlite.getResultCode()) {
            case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY ->
                Failures.unique(table, columns(detail), error);
            case SQLITE_CONSTRAINT_FOREIGNKEY -> Failures.foreignKey(query, error);
            case SQLITE_CONSTRAINT_CHECK -> Failures.check(table, detail, error);
            case SQLITE_CONSTRAINT_NOTNULL ->
                Failures.notNull(tableOf(detail, table), String.join(", ", columns(detail)), error);
            case SQLITE_MISMATCH, SQLITE_CONSTRAINT_DATATYPE -> Failures.typeMismatch(table, error);
            case SQLITE_TOOBIG -> Failures.tooBig(error);
            case SQLITE_READONLY,
                    SQLITE_READONLY_DBMOVED,
                    SQLITE_READONLY_RECOVERY,
                    SQLITE_READONLY_CANTLOCK,
                    SQLITE_READONLY_ROLLBACK ->
                new DatabaseException(503, "read_only_database", "the database file is read-only", error);
            default -> translateRead(error);
        };
    }

    @Override
    public DatabaseException translateRead(Throwable error) {
        SQLiteException sqlite = find(error);
        if (sqlite == null) {
            return Failures.failure(error);
        }
        String code = sqlite.getResultCode().name();
        if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
            return Failures.busy(error);
        }
        if (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_TOOBIG) {
            return Failures.tooBig(error);
        }
        switch (sqlite.getResultCode()) { // a named query's or a hook's write, or a trigger's RAISE
            case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_ROWID:
                return Failures.constraint("unique_violation", error);
            case SQLITE_CONSTRAINT_FOREIGNKEY:
                return Failures.constraint("foreign_key_violation", error);
            case SQLITE_CONSTRAINT_NOTNULL:
                return Failures.constraint("not_null_violation", error);
            case SQLITE_CONSTRAINT_TRIGGER:
                return Failures.raised(error);
            case SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_CHECK:
                return Failures.constraint("check_violation", error);
            default:
                break;
        }
        if (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_ERROR) {
            String message = String.valueOf(sqlite.getMessage());
            for (Map.Entry<String, String> limit : LIMITS.entrySet()) {
                if (message.contains(limit.getKey())) {
                    return Failures.limit(limit.getValue(), error);
                }
            }
        }
        return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_INTERRUPT
                ? Failures.timedOut(error)
                : Failures.failure(error);
    }

    /** "user.email, user.name" → ["email", "name"]. */
    private static List<String> columns(String detail) {
        return List.of(detail.split(",\\s*")).stream()
                .map(name -> name.substring(name.lastIndexOf('.') + 1))
                .toList();
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
