package tiddly.sql;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGStatement;

/**
 * One connection's prepared statements, kept by their SQL so that a statement Tiddly runs again
 * is not prepared again: sqlite-jdbc keeps none, and HikariCP leaves caching to the driver.
 * Preparing was an eighth of SQLite's time when reading one row. The least recently used
 * statement is closed past {@link #SIZE}; all are closed when the schema is read again, as they
 * were prepared against the old one. Used by one thread at a time, like its connection. One SQL
 * text has one statement: its result must be read to the end before the same SQL runs again on
 * the same connection (Tiddly reads a page before it runs the page's embeds).
 */
final class PreparedStatements implements AutoCloseable {
    private static final int SIZE = 64;

    private final Connection connection;
    /** Bumped on every reading of the schema; a cache prepared under another one starts afresh. */
    private final AtomicLong schemaReadings;

    private long reading;
    private final Map<String, PreparedStatement> kept = new LinkedHashMap<>(SIZE * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= SIZE) {
                return false;
            }
            quietlyClose(eldest.getValue());
            return true;
        }
    };

    PreparedStatements(Connection connection, AtomicLong schemaReadings) {
        this.connection = connection;
        this.schemaReadings = schemaReadings;
        this.reading = schemaReadings.get();
    }

    /** The statement for {@code sql}, prepared now or before, with {@code parameters} bound. */
    PreparedStatement bound(String sql, List<Object> parameters) throws SQLException {
        return bound(sql, parameters, false);
    }

    /**
     * @param planEachRun PostgreSQL: the statement is never made a named statement on the server
     *     (pgjdbc does so at its fifth run), whose plan the server may then make generic, for any
     *     values, after five more: for a search that generic plan read a very common word's whole
     *     list from the GIN index, 170 ms where the plan made for the words takes 2 ms
     *     (docs/performance.md, Session 12). An unnamed statement is planned with its values on
     *     each run.
     */
    PreparedStatement bound(String sql, List<Object> parameters, boolean planEachRun) throws SQLException {
        long now = schemaReadings.get();
        if (now != reading) {
            close();
            reading = now;
        }
        PreparedStatement statement = kept.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            if (planEachRun && statement.isWrapperFor(PGStatement.class)) {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            kept.put(sql, statement);
        }
        for (int i = 0; i < parameters.size(); i++) {
            bind(statement, i + 1, parameters.get(i));
        }
        return statement;
    }

    /** The values a request can carry (see request.Values), each with its own setter, as Jdbi binds them. */
    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.OTHER); // untyped: the database infers it, as Jdbi leaves it
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof Double number) {
            statement.setDouble(index, number);
        } else if (value instanceof Boolean bool) {
            statement.setBoolean(index, bool);
        } else if (value instanceof BigDecimal number) {
            statement.setBigDecimal(index, number);
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else {
            statement.setObject(index, value);
        }
    }

    /**
     * Closes and forgets the statement of {@code sql} after it failed: sqlite-jdbc finalizes a
     * statement whose step failed (a LIKE pattern too complex, an integer overflow, an interrupt),
     * and a kept one would then refuse every later run of the same SQL on this connection.
     */
    void discard(String sql) {
        PreparedStatement statement = kept.remove(sql);
        if (statement != null) {
            quietlyClose(statement);
        }
    }

    /** Unbinds a statement's values once it ran, so that a kept statement does not keep a request's data alive. */
    static void release(PreparedStatement statement) {
        try {
            statement.clearParameters();
        } catch (SQLException e) {
            // a statement the database gave up on (interrupted, failed): the next bind replaces all
        }
    }

    @Override
    public void close() {
        kept.values().forEach(PreparedStatements::quietlyClose);
        kept.clear();
    }

    private static void quietlyClose(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // a statement of a broken connection: nothing left to free
        }
    }
}
