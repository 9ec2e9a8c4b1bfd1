package tiddly.sql;

import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Open Jdbi handles, lent to one thread at a time. A handle per request meant copying Jdbi's
 * whole configuration and borrowing from the pool on every request; these are opened once,
 * one per pooled connection, when first needed (opening all at start-up cost 0.2 s).
 */
final class Handles implements AutoCloseable {
    private static final long WAIT_SECONDS = 30;

    private final Jdbi jdbi;
    private final BlockingQueue<Handle> idle;
    /** Handles that may still be opened: size at first, none once all are open. */
    private final Semaphore unopened;

    Handles(Jdbi jdbi, int size) {
        this.jdbi = jdbi;
        this.idle = new ArrayBlockingQueue<>(size);
        this.unopened = new Semaphore(size);
    }

    /** An idle handle, a new one while fewer than size are open, else the next one given back. */
    private Handle borrow() throws InterruptedException {
        Handle handle = idle.poll();
        if (handle != null) {
            return handle;
        }
        if (unopened.tryAcquire()) {
            try {
                return jdbi.open();
            } catch (RuntimeException e) {
                unopened.release();
                throw Failures.unavailable(e);
            }
        }
        return idle.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs {@code work} with a handle of its own, waiting for one if all are lent. */
    <T> T with(Function<Handle, T> work) {
        Handle handle;
        try {
            handle = borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.interrupted(e);
        }
        if (handle == null) {
            throw new DatabaseException(503, "database_busy", "every database connection is busy; try again", null);
        }
        try {
            handle = usable(handle);
        } catch (RuntimeException unreachable) {
            idle.add(handle); // kept, to be reopened by a later request once the database is back
            throw Failures.unavailable(unreachable);
        }
        try {
            return work.apply(handle);
        } finally {
            idle.add(handle);
        }
    }

    /** The handle, or a new one in its place if its connection broke (the database restarted). */
    private Handle usable(Handle handle) {
        try {
            if (!handle.getConnection().isClosed()) {
                return handle;
            }
        } catch (SQLException e) {
            // a connection that cannot tell is replaced too
        }
        Handle fresh = jdbi.open();
        try {
            handle.close();
        } catch (RuntimeException e) {
            // it is broken; closing it only hands it back to the pool, which discards it
        }
        return fresh;
    }

    @Override
    public void close() {
        idle.forEach(Handle::close);
    }
}
