package tiddly.sql;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;

/**
 * A per-statement time limit for SQLite, which has none of its own (sqlite-jdbc's query timeout
 * only sets the busy timeout): a progress handler interrupts the statement once the deadline of
 * the thread running it has passed. The deadline covers a statement until its first row, so a
 * long result may still stream to a slow client.
 */
final class StatementTimeout {
    /** VM steps between checks: a few microseconds of work. */
    private static final int STEPS = 10_000;

    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private final boolean enabled;
    private final long nanos;

    /** @param enabled false for database servers, which stop slow statements themselves */
    StatementTimeout(boolean enabled, long millis) {
        this.enabled = enabled;
        this.nanos = millis * 1_000_000;
    }

    /** Installs the handler on a connection, once, before its first statement. */
    void arm(Connection connection) throws SQLException {
        if (!enabled) {
            return;
        }
        ProgressHandler.setHandler(connection.unwrap(SQLiteConnection.class), STEPS, new ProgressHandler() {
            @Override
            protected int progress() {
                Long deadline = DEADLINE.get();
                return deadline != null && System.nanoTime() > deadline ? 1 : 0;
            }
        });
    }

    void start() {
        DEADLINE.set(System.nanoTime() + nanos);
    }

    void stop() {
        DEADLINE.remove();
    }
}
