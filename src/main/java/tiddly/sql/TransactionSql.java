package tiddly.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import tiddly.hook.Sql;

/**
 * The SQL a hook or a Java function runs on the request's connection, inside its transaction,
 * each statement under the statement timeout; values bound to {@code ?} placeholders.
 */
final class TransactionSql implements Sql {
    private final Session session;
    private final StatementTimeout timeout;
    private final Function<RuntimeException, RuntimeException> translate;

    /** @param translate what a failed statement becomes: a retry of the transaction, or an error for the client */
    TransactionSql(Session session, StatementTimeout timeout, Function<RuntimeException, RuntimeException> translate) {
        this.session = session;
        this.timeout = timeout;
        this.translate = translate;
    }

    @Override
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        List<Map<String, Object>> rows = new ArrayList<>();
        stream(sql, List.of(parameters), 0, rows::add);
        return rows;
    }

    @Override
    public List<Map<String, Object>> queryAtMost(long max, String sql, Object... parameters) {
        List<Map<String, Object>> rows = new ArrayList<>();
        stream(sql, List.of(parameters), 0, max, rows::add);
        return rows;
    }

    /**
     * Hands each row to {@code sink} as it is read, {@code fetchSize} at a time (0: the driver's
     * choice); the statement timeout runs until the first row and then between two rows, never
     * while a row is handed on, so a slow reader does not cut it.
     */
    void stream(String sql, List<Object> parameters, int fetchSize, Consumer<Map<String, Object>> sink) {
        stream(sql, parameters, fetchSize, 0, sink);
    }

    /** @param max the most rows the database returns (the JDBC driver's max rows); 0 for all */
    private void stream(
            String sql, List<Object> parameters, int fetchSize, long max, Consumer<Map<String, Object>> sink) {
        try (PreparedStatement statement = prepared(sql, parameters.toArray())) {
            statement.setFetchSize(fetchSize);
            if (max > 0) {
                statement.setMaxRows(Math.toIntExact(max));
            }
            timeout.start();
            try (ResultSet results = statement.executeQuery()) {
                ResultSetMetaData meta = results.getMetaData();
                while (results.next()) {
                    timeout.stop(); // a slow reader must not cut the stream while a row reaches it
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), value(results, meta, i));
                    }
                    sink.accept(row);
                    timeout.start(); // the search for the next row has the whole timeout again
                }
            } finally {
                timeout.stop();
            }
        } catch (SQLException e) {
            throw translate.apply(new StatementFailure(e));
        }
    }

    @Override
    public long update(String sql, Object... parameters) {
        try (PreparedStatement statement = prepared(sql, parameters)) {
            timeout.start();
            try {
                return statement.executeLargeUpdate();
            } finally {
                timeout.stop();
            }
        } catch (SQLException e) {
            throw translate.apply(new StatementFailure(e));
        }
    }

    /** As JSON will show it: numbers, text, booleans, bytes, JSON as JSON; dates and the rest as their text. */
    private static Object value(ResultSet results, ResultSetMetaData meta, int column) throws SQLException {
        Object value = results.getObject(column);
        if (value == null
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof byte[]) {
            return value;
        }
        String type = meta.getColumnTypeName(column).toLowerCase(java.util.Locale.ROOT);
        if (type.equals("json") || type.equals("jsonb")) {
            return new tiddly.query.JsonText(results.getString(column));
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return type.contains("tz")
                    ? timestamp.toInstant().toString()
                    : timestamp.toLocalDateTime().toString();
        }
        return results.getString(column);
    }

    private PreparedStatement prepared(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = session.handle().getConnection().prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
