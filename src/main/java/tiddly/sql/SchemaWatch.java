package tiddly.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices schema changes made behind Tiddly's back: on SQLite a change of PRAGMA schema_version
 * (checked every second), on PostgreSQL a {@code NOTIFY tiddly, 'reload schema'}. Runs on a
 * daemon thread until closed.
 */
public final class SchemaWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaWatch.class);
    static final String CHANNEL = "tiddly";
    static final String RELOAD = "reload schema";
    private static final long PERIOD_MILLIS = 1_000;

    private final Thread thread;
    private final AtomicBoolean closed;

    private SchemaWatch(Thread thread, AtomicBoolean closed) {
        this.thread = thread;
        this.closed = closed;
    }

    /** Nothing to watch (MariaDB: POST /_schema/reload is the way). */
    static SchemaWatch none() {
        return new SchemaWatch(null, new AtomicBoolean());
    }

    /** Calls {@code onChange} whenever {@code version} gives a new value. */
    static SchemaWatch polling(LongSupplier version, Runnable onChange) {
        long[] seen = {version.getAsLong()};
        return start("tiddly-schema-version", closed -> {
            while (!closed.get()) {
                Thread.sleep(PERIOD_MILLIS);
                try {
                    long now = version.getAsLong();
                    if (now != seen[0]) {
                        seen[0] = now;
                        onChange.run();
                    }
                } catch (RuntimeException e) {
                    if (!closed.get()) {
                        LOG.warn("cannot check the schema version: {}", e.getMessage());
                    }
                }
            }
        });
    }

    /** Calls {@code onChange} on each NOTIFY tiddly, 'reload schema'; reconnects when the connection drops. */
    static SchemaWatch listening(DataSource source, Runnable onChange) {
        return start("tiddly-schema-listen", closed -> {
            boolean reconnecting = false;
            while (!closed.get()) {
                try (Connection connection = source.getConnection();
                        var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                    if (reconnecting) {
                        onChange.run(); // a NOTIFY sent while the connection was down is lost
                    }
                    reconnecting = true;
                    PGConnection postgres = connection.unwrap(PGConnection.class);
                    while (!closed.get()) {
                        PGNotification[] notifications = postgres.getNotifications((int) PERIOD_MILLIS);
                        boolean reload = false;
                        for (PGNotification notification :
                                notifications == null ? new PGNotification[0] : notifications) {
                            reload |= RELOAD.equals(notification.getParameter().strip());
                        }
                        if (reload) {
                            onChange.run();
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    if (closed.get()) {
                        return; // the pool closed under it
                    }
                    LOG.warn("listening for schema changes failed, retrying: {}", e.getMessage());
                    Thread.sleep(PERIOD_MILLIS);
                }
            }
        });
    }

    private interface Loop {
        /** Runs until {@code closed} is set. */
        void run(AtomicBoolean closed) throws InterruptedException;
    }

    private static SchemaWatch start(String name, Loop loop) {
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
        return new SchemaWatch(thread, closed);
    }

    /** Stops watching; returns at once (the thread ends within a second). */
    @Override
    public void close() {
        closed.set(true);
        if (thread != null) {
            thread.interrupt();
        }
    }
}
