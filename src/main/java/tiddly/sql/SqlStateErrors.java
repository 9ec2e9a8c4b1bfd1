package tiddly.sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import tiddly.query.Query;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * Translates PostgreSQL's and MariaDB/MySQL's errors by their SQLSTATE and, where MariaDB shares
 * one state among several causes (23000), by its error number. Names of columns and constraints
 * come from the error's fields; values in the database's message are never passed on.
 */
final class SqlStateErrors implements Errors {
    /** PostgreSQL's detail of a unique violation: "Key (email)=(…) already exists." */
    private static final Pattern KEY = Pattern.compile("^Key \\((.+?)\\)=");
    /** MariaDB's messages name a column or key in quotes: "Column 'name' cannot be null". */
    private static final Pattern ENUM = Pattern.compile("invalid input value for enum (\\S+):");

    private static final Pattern TRUNCATED = Pattern.compile("for column [`']([^`']+)[`']");
    private static final Pattern QUOTED = Pattern.compile("(?:for key|Column|Field|CONSTRAINT) [`']([^`']+)[`']");

    @Override
    public DatabaseException translate(Query query, Throwable error) {
        SQLException sql = find(error);
        if (sql == null) {
            return Failures.failure(error);
        }
        Table table = query.table();
        String state = String.valueOf(sql.getSQLState());
        int code = sql.getErrorCode();
        Optional<ServerErrorMessage> server = server(sql);
        if (state.equals("54000") && String.valueOf(sql.getMessage()).contains("index row")) {
            return Failures.tooLongForIndex(table, error);
        }
        Optional<DatabaseException> limit = limit(sql, error);
        if (limit.isPresent()) {
            return limit.get();
        }
        if (state.equals("23505") || code == 1062) {
            return Failures.unique(table, uniqueColumns(table, sql, server), error);
        }
        if (state.equals("23503") || code == 1451 || code == 1452) {
            return Failures.foreignKey(query, error);
        }
        if (state.equals("23514") || code == 4025 || code == 3819) {
            String check = server.map(ServerErrorMessage::getConstraint)
                    .orElseGet(() -> quoted(sql).replaceFirst("^" + Pattern.quote(table.name()) + "\\.", ""));
            return Failures.check(table, check, error);
        }
        if (state.equals("23502") || code == 1048 || code == 1364) {
            String column = server.map(ServerErrorMessage::getColumn).orElseGet(() -> quoted(sql));
            String inTable = server.map(ServerErrorMessage::getTable).orElse(table.name());
            return Failures.notNull(inTable, column, error);
        }
        Optional<String> refused = refusedColumn(table, sql);
        if (refused.isPresent()) {
            return Failures.notAValue(refused.get(), error);
        }
        if (state.startsWith("22") || state.equals("428C9") || code == 1366 || code == 1292 || code == 1264) {
            return state.equals("22001") || code == 1406
                    ? new DatabaseException(
                            400,
                            "value_too_long",
                            "a value is longer than its column allows in '" + table.name() + "'",
                            error)
                    : Failures.typeMismatch(table, error);
        }
        return translateRead(error);
    }

    @Override
    public DatabaseException translateRead(Throwable error) {
        SQLException sql = find(error);
        if (sql == null) {
            return Failures.failure(error);
        }
        String state = String.valueOf(sql.getSQLState());
        int code = sql.getErrorCode();
        if (retryable(error)) {
            return Failures.conflict(error);
        }
        Optional<DatabaseException> limit = limit(sql, error);
        if (limit.isPresent()) {
            return limit.get();
        }
        // The server checks what Tiddly passes on as text: an enum label, a date out of its range.
        if (state.startsWith("22") || state.equals("42883") || state.equals("42804") || code == 1366 || code == 1292) {
            return Failures.invalidValue(error);
        }
        Optional<String> constraint = constraint(state, code);
        if (constraint.isPresent()) {
            return Failures.constraint(constraint.get(), error);
        }
        if (state.equals("P0001") || state.equals("45000") || code == 1644) {
            return Failures.raised(error); // RAISE EXCEPTION; MariaDB's SIGNAL
        }
        if (state.equals("57014") || state.equals("70100") || code == 1969 || code == 3024) {
            return Failures.timedOut(error);
        }
        if (state.equals("55P03") || state.equals("53300") || code == 1205) {
            return Failures.busy(error);
        }
        // 25S03: MariaDB's driver, with several hosts (sequential, loadbalance), moved to another one
        // in the middle of a transaction (or of its COMMIT) and lost it; a retry runs on the new host.
        if (state.startsWith("08") || state.equals("25S03") || state.equals("57P01") || state.equals("57P03")) {
            return Failures.unavailable(error);
        }
        return Failures.failure(error);
    }

    /**
     * A limit of the database: PostgreSQL's class 54 (program_limit_exceeded) and its driver's
     * 65,535 parameters; MariaDB's thread stack, placeholders, columns, tables and packet size.
     */
    private static Optional<DatabaseException> limit(SQLException sql, Throwable error) {
        String state = String.valueOf(sql.getSQLState());
        if (state.equals("HZ000")) {
            return Optional.of(Failures.tooBig(error)); // MariaDB's driver: larger than max_allowed_packet
        }
        if (String.valueOf(sql.getMessage()).startsWith("PreparedStatement can have at most")) {
            // PostgreSQL's driver, before the statement is sent; its state says "invalid parameter value"
            return Optional.of(Failures.limit("the statement has too many values", error));
        }
        String what = switch (sql.getErrorCode()) {
            case 1436 -> "the query is nested too deeply"; // MariaDB: thread stack overrun
            case 1390 -> "the statement has too many values";
            case 1117 -> "the query has too many columns";
            case 1116 -> "the query joins too many tables";
            default ->
                switch (state) {
                    case "54001" -> "the query is nested too deeply"; // PostgreSQL: stack depth limit exceeded
                    case "54011" -> "the query has too many columns";
                    case "54023" -> "a function has too many arguments";
                    default -> state.startsWith("54") ? "it reached one of the database's limits" : "";
                };
        };
        return what.isEmpty() ? Optional.empty() : Optional.of(Failures.limit(what, error));
    }

    /** The code of a constraint's refusal (class 23; MariaDB's error numbers), for a statement Tiddly did not write. */
    private static Optional<String> constraint(String state, int code) {
        if (state.equals("23505") || code == 1062) {
            return Optional.of("unique_violation");
        }
        if (state.equals("23503") || code == 1451 || code == 1452) {
            return Optional.of("foreign_key_violation");
        }
        if (state.equals("23502") || code == 1048 || code == 1364) {
            return Optional.of("not_null_violation");
        }
        return state.startsWith("23") || code == 4025 || code == 3819
                ? Optional.of("check_violation")
                : Optional.empty();
    }

    /** 40001 serialization failure, 40P01 deadlock (MariaDB: 1213, state 40001). */
    @Override
    public boolean retryable(Throwable error) {
        SQLException sql = find(error);
        return sql != null
                && ("40001".equals(sql.getSQLState())
                        || "40P01".equals(sql.getSQLState())
                        || sql.getErrorCode() == 1213);
    }

    /** The unique key's columns: PostgreSQL names them; MariaDB names the index, often after its column. */
    private static List<String> uniqueColumns(Table table, SQLException sql, Optional<ServerErrorMessage> server) {
        if (server.isPresent()) {
            Matcher matcher = KEY.matcher(String.valueOf(server.get().getDetail()));
            return matcher.find() ? List.of(matcher.group(1).split(",\\s*")) : List.of();
        }
        String index = quoted(sql);
        String unqualified = index.substring(index.lastIndexOf('.') + 1);
        if (unqualified.equals("PRIMARY")) {
            return table.primaryKey().stream().map(Column::name).toList();
        }
        List<String> named = new ArrayList<>();
        table.column(unqualified).ifPresent(column -> named.add(column.name()));
        return named;
    }

    /**
     * The column of {@code table} that refused a value of its own type's text: an enum's label
     * outside its list (MariaDB: "Data truncated for column 'size'"; PostgreSQL: "invalid input
     * value for enum size_t", the column found by its type).
     */
    private static Optional<String> refusedColumn(Table table, SQLException sql) {
        if (sql.getErrorCode() == 1265) {
            Matcher column = TRUNCATED.matcher(String.valueOf(sql.getMessage()));
            return column.find() && table.column(column.group(1)).isPresent()
                    ? Optional.of(column.group(1))
                    : Optional.empty();
        }
        Matcher matcher = ENUM.matcher(String.valueOf(sql.getMessage()));
        if ("22P02".equals(sql.getSQLState()) && matcher.find()) {
            String type = matcher.group(1).replace("\"", "");
            String bare = type.substring(type.lastIndexOf('.') + 1);
            return table.columns().stream()
                    .filter(column -> column.declaredType().equals(bare)
                            || column.declaredType().equals(type))
                    .map(Column::name)
                    .findFirst();
        }
        return Optional.empty();
    }

    private static String quoted(SQLException sql) {
        Matcher matcher = QUOTED.matcher(String.valueOf(sql.getMessage()));
        return matcher.find() ? matcher.group(1) : "";
    }

    private static Optional<ServerErrorMessage> server(SQLException sql) {
        return sql instanceof PSQLException postgres
                ? Optional.ofNullable(postgres.getServerErrorMessage())
                : Optional.empty();
    }

    private static SQLException find(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql;
            }
        }
        return null;
    }
}
