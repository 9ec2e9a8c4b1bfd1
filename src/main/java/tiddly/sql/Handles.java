package tiddly.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Open sessions (a Jdbi handle and its prepared statements), lent to one thread at a time. A
 * handle per request meant copying Jdbi's whole configuration and borrowing from the pool on every
 * request; these are opened once, one per pooled connection, when first needed (opening all at
 * start-up cost 0.2 s).
 */
final class Handles implements AutoCloseable {
    private static final long WAIT_SECONDS = 30;

    private final Supplier<Jdbi> jdbi;
    private final Preparation preparation;
    /**
     * Idle sessions, the one given back last first: a stack, not a queue. On SQLite, the first
     * read on a connection after another connection committed drops its page cache and unmaps its
     * whole memory map (every page it touches next is a page fault again); lending the busiest
     * sessions keeps that cost to the few connections the load needs instead of every one of them
     * in turn (docs/performance.md, "Reads and writes together", session 7).
     */
    private final LinkedBlockingDeque<Session> idle;
    /** Handles that may still be opened: size at first, none once all are open. */
    private final Semaphore unopened;
    /** Readings of the schema so far: statements prepared before the last one are prepared again. */
    private final AtomicLong schemaReadings = new AtomicLong();
    /** Threads waiting for a session: counted only on that slow path. */
    private final AtomicInteger awaited = new AtomicInteger();

    private final int size;

    /** What a new connection needs before its first statement. */
    interface Preparation {
        void prepare(Connection connection) throws SQLException;
    }

    /** @param preparation run once on each session's connection as it opens (SQLite's statement timeout) */
    Handles(Supplier<Jdbi> jdbi, int size, Preparation preparation) {
        this.jdbi = jdbi;
        this.preparation = preparation;
        this.size = size;
        this.idle = new LinkedBlockingDeque<>(size);
        this.unopened = new Semaphore(size);
    }

    /**
     * Jdbi made on a thread of its own, begun now and awaited by the first session opened: making
     * it loads some 480 classes (0.2 s), which the start-up no longer waits for, as the schema is
     * read and Jetty starts meanwhile on the other core.
     */
    static Supplier<Jdbi> creating(Supplier<Jdbi> create) {
        FutureTask<Jdbi> made = new FutureTask<>(create::get);
        Thread thread = new Thread(made, "tiddly-jdbi");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            try {
                return made.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Failures.interrupted(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Jdbi could not be made", e.getCause());
            }
        };
    }

    /** Tells every session that the schema was read again, so that it prepares its statements anew. */
    void schemaRead() {
        schemaReadings.incrementAndGet();
    }

    /** The idle session given back last, a new one while fewer than size are open, else the next one given back. */
    private Session borrow() throws InterruptedException {
        Session session = idle.pollFirst();
        if (session != null) {
            return session;
        }
        if (unopened.tryAcquire()) {
            try {
                return open();
            } catch (RuntimeException e) {
                unopened.release();
                throw Failures.unavailable(e);
            }
        }
        awaited.incrementAndGet();
        try {
            return idle.pollFirst(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            awaited.decrementAndGet();
        }
    }

    /** Sessions lent to requests now. */
    int lent() {
        return Math.max(0, size - unopened.availablePermits() - idle.size());
    }

    /** Sessions open and idle now. */
    int idle() {
        return idle.size();
    }

    /** Threads waiting for a session now. */
    int awaited() {
        return awaited.get();
    }

    private Session open() {
        Handle handle = jdbi.get().open();
        try {
            preparation.prepare(handle.getConnection());
        } catch (SQLException e) {
            handle.close();
            throw new StatementFailure(e); // the caller answers 503: the database cannot be used
        }
        return new Session(handle, new PreparedStatements(handle.getConnection(), schemaReadings));
    }

    /** Runs {@code work} with a session of its own, waiting for one if all are lent. */
    <T> T with(Function<Session, T> work) {
        Session session;
        try {
            session = borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.interrupted(e);
        }
        if (session == null) {
            throw new DatabaseException(503, "database_busy", "every database connection is busy; try again", null, 1);
        }
        try {
            session = usable(session);
        } catch (RuntimeException unreachable) {
            idle.addFirst(session); // kept, to be reopened by a later request once the database is back
            throw Failures.unavailable(unreachable);
        }
        try {
            return work.apply(session);
        } finally {
            idle.addFirst(inAutocommit(session));
        }
    }

    /**
     * The session back in autocommit mode. sqlite-jdbc leaves a connection out of it, with no
     * transaction open, when BEGIN IMMEDIATE fails with SQLITE_BUSY; its next transaction would
     * then not begin with the write lock, and it could not be closed. Opening a transaction first
     * lets autocommit be set again.
     */
    private static Session inAutocommit(Session session) {
        Connection connection = session.handle().getConnection();
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                try {
                    connection.rollback(); // whatever is open is undone, never committed below
                } catch (SQLException nothingOpen) {
                    // sqlite-jdbc: no transaction is active
                }
                try (java.sql.Statement begin = connection.createStatement()) {
                    begin.execute("BEGIN");
                } catch (SQLException alreadyOpen) {
                    // the driver began one after the rollback: setting autocommit ends it, empty
                }
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // left as it is; usable() replaces a session whose connection broke
        }
        return session;
    }

    /** The session, or a new one in its place if its connection broke (the database restarted). */
    private Session usable(Session session) {
        try {
            if (!session.handle().getConnection().isClosed()) {
                return session;
            }
        } catch (SQLException e) {
            // a connection that cannot tell is replaced too
        }
        Session fresh = open();
        try {
            session.close();
        } catch (RuntimeException e) {
            // it is broken; closing it only hands it back to the pool, which discards it
        }
        return fresh;
    }

    @Override
    public void close() {
        idle.forEach(Session::close);
    }
}
