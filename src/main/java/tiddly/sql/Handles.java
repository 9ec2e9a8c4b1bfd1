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
import java.util.function.BooleanSupplier;
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
    /** How long a write waits for a read that holds the writer's session before it takes a reader's. */
    static final long LEND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * Reads a reader makes after the last write before reads stop trying the writer's session
     * first: under a mix, writes come far more often (E: one request in ten) and every read that
     * the writer's session takes is one a reader does not pay the next commit for; without writes,
     * the writer's session has nothing a reader lacks.
     */
    static final int WARM_READS = 1_000;

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

    /**
     * SQLite: the writer's sessions, whose idle one a read takes before a reader's (set on the
     * readers' sessions by {@link #lendIdle}), or null.
     */
    private volatile Handles writer;
    /** SQLite: the readers' sessions, where a write goes when a read keeps the writer's too long (set on the writer's), or null. */
    private volatile Handles readers;
    /** SQLite, the readers' sessions: whether a write holds or awaits Tiddly's write lock (set by {@link #lendIdle}). */
    private volatile BooleanSupplier writesAhead = () -> false;
    /** When a read borrowed this pool's session (System.nanoTime()); 0 while none holds it. */
    private volatile long readSince;
    /** SQLite, the writer's sessions: writes done so far, wherever they ran (see {@link Session#seen}). */
    private final AtomicLong writes = new AtomicLong();

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

    /**
     * SQLite: reads take the writer's idle session first while writes happen. SQLite drops a
     * connection's page cache and memory map at its first read after another connection committed,
     * never after its own commits, so the writer's connection reads from a warm map where a reader
     * would fault its pages in again after each commit; every read the writer's session takes is
     * one fewer reader to pay for the next commit (docs/performance.md, "Reads and writes
     * together", sessions 8 and 9). Once the reader on top has read {@link #WARM_READS} times
     * since the last write, reads keep to the readers: a workload that only reads stops touching
     * the writer's session. Nor does a read take it while {@code writesAhead} says a write holds or
     * awaits Tiddly's write lock: that write needs the writer's session next. A write never waits
     * more than {@link #LEND_NANOS} for a read on the writer's session (a list streamed to a slow
     * client holds it): it then runs on a reader's session.
     */
    void lendIdle(Handles writer, BooleanSupplier writesAhead) {
        this.writesAhead = writesAhead;
        this.writer = writer;
        writer.readers = this;
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
        if (readers != null) {
            return writing(work);
        }
        Handles spare = writer;
        return spare == null ? own(work) : reading(spare, work);
    }

    /**
     * A read on a reader's session, or on the writer's idle one unless the reader on top has read
     * {@link #WARM_READS} times since the last write, or a write is coming for the writer's
     * ({@link #lendIdle}). Once every reader has, a read costs one volatile read more than {@link
     * #own}.
     */
    private <T> T reading(Handles spare, Function<Session, T> work) {
        long written = spare.writes.get();
        Session session = idle.pollFirst();
        boolean settled = session != null && session.seen == written && session.warmReads >= WARM_READS;
        if (!settled && spare.awaited.get() == 0 && !writesAhead.getAsBoolean()) {
            Session idleWriter = spare.idle.pollFirst();
            if (idleWriter != null) {
                if (session != null) {
                    idle.addFirst(session); // kept on top: the next read may find the writer's session lent
                }
                spare.readSince = System.nanoTime();
                return spare.lend(idleWriter, work);
            }
        }
        if (session == null) {
            session = borrowed();
        }
        if (session.seen != written) {
            session.seen = written; // this read empties its cache: warm from here on
            session.warmReads = 0;
        } else if (session.warmReads < WARM_READS) {
            session.warmReads++;
        }
        return lend(session, work);
    }

    /** A read or a write on one of this pool's own sessions. */
    private <T> T own(Function<Session, T> work) {
        return lend(borrowed(), work);
    }

    /** {@link #borrow}, or a 503 when every session stayed lent for {@link #WAIT_SECONDS}. */
    private Session borrowed() {
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
        return session;
    }

    /**
     * A write on the writer's session, or on a reader's when a read has held the writer's for
     * {@link #LEND_NANOS} (writes take turns behind Tiddly's write lock, so only a read can hold it).
     */
    private <T> T writing(Function<Session, T> work) {
        try {
            return writingOn(work);
        } finally {
            writes.incrementAndGet(); // after the commit: a reader that saw the old count reads cold
        }
    }

    private <T> T writingOn(Function<Session, T> work) {
        Session session = idle.pollFirst();
        if (session == null && unopened.availablePermits() > 0) {
            return own(work); // not opened yet
        }
        if (session == null) {
            long since = readSince;
            long left = (since == 0 ? System.nanoTime() : since) + LEND_NANOS - System.nanoTime();
            awaited.incrementAndGet();
            try {
                session = idle.pollFirst(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Failures.interrupted(e);
            } finally {
                awaited.decrementAndGet();
            }
        }
        return session != null ? lend(session, work) : readers.own(work);
    }

    /** Runs {@code work} on {@code session}, borrowed from this pool, and gives it back. */
    private <T> T lend(Session session, Function<Session, T> work) {
        try {
            session = usable(session);
        } catch (RuntimeException unreachable) {
            readSince = 0;
            idle.addFirst(session); // kept, to be reopened by a later request once the database is back
            throw Failures.unavailable(unreachable);
        }
        try {
            return work.apply(session);
        } finally {
            Session back = inAutocommit(session);
            readSince = 0;
            idle.addFirst(back);
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
