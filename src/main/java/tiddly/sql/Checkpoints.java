package tiddly.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's WAL checkpoints, on a thread and a connection of their own instead of inside the
 * request that commits (the pool's connections run with {@code wal_autocheckpoint=0}).
 *
 * <p>Why (docs/performance.md, "Reads and writes together"): with readers always at work, SQLite
 * cannot start its WAL over, so the WAL only grows; once it holds more than the auto-checkpoint's
 * 1,000 pages, every commit ran a checkpoint (two fsyncs and a copy of its pages) while holding
 * the write lock, and readers that begin while a checkpoint runs pin the WAL again. Here a passive
 * checkpoint follows commits, at most one per {@link #PAUSE_MILLIS}, blocking no one; when the WAL
 * still grows past {@link #RESTART_FRAMES}, a restart checkpoint runs under Tiddly's write lock
 * (writers queue in Tiddly, not in SQLite's sleeping busy handler) and waits for the readers of the
 * old WAL to finish, so that the next commit writes the WAL from its start again.
 */
final class Checkpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    /** The least time between two checkpoints: one copies the pages of all commits since the last. */
    static final long PAUSE_MILLIS = 100;
    /** WAL pages (4 KiB each) past which the WAL is started over: about 16 MiB. */
    static final int RESTART_FRAMES = 4_000;
    /** How long a restart checkpoint waits for the readers of the old WAL. */
    private static final int BUSY_MILLIS = 1_000;

    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final Semaphore commits = new Semaphore(0);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder passive = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final Thread thread;

    private Checkpoints(DataSource sqlite, Lock writeLock, int restartFrames) {
        this.thread = new Thread(() -> run(sqlite, writeLock, restartFrames), "tiddly-checkpoints");
        this.thread.setDaemon(true);
    }

    /**
     * Starts checkpointing the database of {@code sqlite} (a data source outside the pool).
     *
     * @param writeLock the lock Tiddly's writers take before they begin, held by a restart checkpoint
     * @param restartFrames WAL pages past which the WAL is started over ({@link #RESTART_FRAMES})
     */
    static Checkpoints start(DataSource sqlite, Lock writeLock, int restartFrames) {
        Checkpoints checkpoints = new Checkpoints(sqlite, writeLock, restartFrames);
        checkpoints.thread.start();
        return checkpoints;
    }

    /** A write transaction committed: its pages are in the WAL, to be copied into the database. */
    void committed() {
        commits.release();
    }

    /** Checkpoints run so far, passive ones and restarts, for tests and /_metrics. */
    long passive() {
        return passive.sum();
    }

    long restarts() {
        return restarts.sum();
    }

    private void run(DataSource sqlite, Lock writeLock, int restartFrames) {
        while (!closed.get()) {
            try (Connection connection = sqlite.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = " + BUSY_MILLIS);
                while (!closed.get()) {
                    if (!commits.tryAcquire(1, TimeUnit.SECONDS)) {
                        continue;
                    }
                    Thread.sleep(PAUSE_MILLIS); // the commits of the next moment share this checkpoint
                    commits.drainPermits();
                    Wal wal = checkpoint(statement, "PASSIVE");
                    passive.increment();
                    if (wal.frames() >= restartFrames) {
                        writeLock.lockInterruptibly();
                        try {
                            if (!checkpoint(statement, "RESTART").busy()) {
                                restarts.increment();
                            } // else a reader outlasted the busy timeout: the next commit tries again
                        } finally {
                            writeLock.unlock();
                        }
                    }
                }
            } catch (InterruptedException e) {
                return; // closed
            } catch (SQLException | RuntimeException e) {
                if (closed.get()) {
                    return;
                }
                LOG.warn("checkpointing the WAL failed, retrying: {}", e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException closing) {
                    return;
                }
            }
        }
    }

    /** What a checkpoint reports: whether it could not finish, and the WAL's size in pages. */
    private record Wal(boolean busy, int frames) {}

    private static Wal checkpoint(Statement statement, String mode) throws SQLException {
        try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return result.next() ? new Wal(result.getInt(1) != 0, result.getInt(2)) : new Wal(true, 0);
        }
    }

    /**
     * Stops checkpointing and closes the thread's connection, waiting for a checkpoint under way
     * (SQLite checkpoints the WAL itself when the last connection closes).
     */
    @Override
    public void close() {
        closed.set(true);
        thread.interrupt();
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
