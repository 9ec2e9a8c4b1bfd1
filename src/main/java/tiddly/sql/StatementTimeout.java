package tiddly.sql;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;

/**
 * A per-statement time limit for SQLite, which has none of its own (sqlite-jdbc's query timeout
 * only sets the busy timeout): a progress handler interrupts the statement once the deadline of
 * the thread running it has passed. The deadline covers a statement until its first row, and then
 * the search for each next row, but not the time a row takes to reach the client: a long result
 * may still stream to a slow client, while a scan that finds one row early and then searches on
 * for minutes (a {@code has} over an unindexed column of large tables) is stopped like one that
 * finds none.
 */
final class StatementTimeout {
    /** VM steps between checks: a few microseconds of work. */
    private static final int STEPS = 10_000;

    private static final long NONE = Long.MIN_VALUE;

    /** The running thread's deadline in System.nanoTime(), or NONE: one array per thread, no boxing per row. */
    private static final ThreadLocal<long[]> DEADLINE = ThreadLocal.withInitial(() -> new long[] {NONE});

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
                long deadline = DEADLINE.get()[0];
                return deadline != NONE && System.nanoTime() - deadline > 0 ? 1 : 0;
            }
        });
    }

    /** The statement, or the search for its next row, may run for the timeout from now. */
    void start() {
        if (enabled) {
            DEADLINE.get()[0] = System.nanoTime() + nanos;
        }
    }

    /** No deadline until the next {@link #start()}: while a row is handed on, or after the statement. */
    void stop() {
        if (enabled) {
            DEADLINE.get()[0] = NONE;
        }
    }
}
