package tiddly.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the feed when another instance or process commits a change, sooner and cheaper than
 * reading the outbox every poll: on PostgreSQL it LISTENs to the NOTIFY every write's transaction
 * sends at commit; on SQLite it reads {@code PRAGMA data_version} on a connection of its own,
 * which changes when another connection commits (no table is read). MariaDB has neither: the
 * feed polls. Waking is a hint; the outbox stays the truth, so a lost wake-up only delays.
 */
public final class ChangeWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeWatch.class);
    /** How often SQLite's data_version is read. */
    static final long SQLITE_CHECK_MILLIS = 5;

    private static final int LISTEN_WAIT_MILLIS = 1_000;

    private final Thread thread;
    private final AtomicBoolean closed;

    private ChangeWatch(Thread thread, AtomicBoolean closed) {
        this.thread = thread;
        this.closed = closed;
    }

    /** Whether the feed is woken for other instances' changes, so that its poll is only a safety net. */
    public boolean wakes() {
        return thread != null;
    }

    static ChangeWatch none() {
        return new ChangeWatch(null, new AtomicBoolean());
    }

    /** Calls {@code wake} on each NOTIFY for this schema's outbox; reconnects when the connection drops. */
    static ChangeWatch listening(DataSource source, Runnable wake) {
        return start("tiddly-changes-listen", closed -> {
            while (!closed.get()) {
                try (Connection connection = source.getConnection();
                        var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + Outbox.CHANNEL);
                    String outbox;
                    try (ResultSet oid = statement.executeQuery("SELECT '" + Outbox.TABLE + "'::regclass::oid::text")) {
                        oid.next();
                        outbox = oid.getString(1);
                    }
                    wake.run(); // a NOTIFY sent while not listening is lost: look once
                    PGConnection postgres = connection.unwrap(PGConnection.class);
                    while (!closed.get()) {
                        PGNotification[] notifications = postgres.getNotifications(LISTEN_WAIT_MILLIS);
                        boolean ours = false;
                        for (PGNotification notification :
                                notifications == null ? new PGNotification[0] : notifications) {
                            ours |= outbox.equals(notification.getParameter()); // not another schema's
                        }
                        if (ours) {
                            wake.run();
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    if (closed.get()) {
                        return;
                    }
                    LOG.warn("listening for changes failed, retrying: {}", e.getMessage());
                    Thread.sleep(LISTEN_WAIT_MILLIS);
                }
            }
        });
    }

    /** Calls {@code wake} whenever {@code PRAGMA data_version} on a connection of its own changes. */
    static ChangeWatch dataVersion(DataSource sqlite, Runnable wake) {
        return start("tiddly-changes-version", closed -> {
            while (!closed.get()) {
                try (Connection connection = sqlite.getConnection();
                        var statement = connection.createStatement()) {
                    long seen = Long.MIN_VALUE;
                    while (!closed.get()) {
                        long now;
                        try (ResultSet version = statement.executeQuery("PRAGMA data_version")) {
                            version.next();
                            now = version.getLong(1);
                        }
                        if (now != seen) {
                            seen = now;
                            wake.run();
                        }
                        Thread.sleep(SQLITE_CHECK_MILLIS);
                    }
                } catch (SQLException | RuntimeException e) {
                    if (closed.get()) {
                        return;
                    }
                    LOG.warn("checking the database for changes failed, retrying: {}", e.getMessage());
                    Thread.sleep(LISTEN_WAIT_MILLIS);
                }
            }
        });
    }

    private interface Loop {
        void run(AtomicBoolean closed) throws InterruptedException;
    }

    private static ChangeWatch start(String name, Loop loop) {
        AtomicBoolean closed = new AtomicBoolean();
        Thread thread = new Thread(
                () -> {
                    try {
                        loop.run(closed);
                    } catch (InterruptedException e) {
                        // closed while asleep
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return new ChangeWatch(thread, closed);
    }

    /** Stops watching; the thread ends within a second. */
    @Override
    public void close() {
        closed.set(true);
        if (thread != null) {
            thread.interrupt();
        }
    }
}
