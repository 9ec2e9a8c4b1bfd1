package tiddly.sql;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the database layer has counted since start, for {@code /_metrics}: rows read, statements
 * stopped by the timeout, busy and conflicting writes, retries, and waits for SQLite's write lock.
 * Adders, not locks: a request adds to a cell of its own.
 */
public final class Tallies {
    final LongAdder rowsRead = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder busy = new LongAdder();
    final LongAdder conflicts = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder lockWaits = new LongAdder();
    final LongAdder lockWaitNanos = new LongAdder();

    /** Rows read by every statement, lists and single rows, embeds and read-backs. */
    public long rowsRead() {
        return rowsRead.sum();
    }

    /** Statements stopped by --statement-timeout (503 statement_timeout). */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Requests answered 503 database_busy: SQLite's file lock held elsewhere for 5 s, or no free session. */
    public long busy() {
        return busy.sum();
    }

    /** Writes that met concurrent writes on every attempt (503 write_conflict). */
    public long conflicts() {
        return conflicts.sum();
    }

    /** Transactions run again after a serialization failure or deadlock. */
    public long retries() {
        return retries.sum();
    }

    /** SQLite writes that found the write lock taken and queued for it. */
    public long lockWaits() {
        return lockWaits.sum();
    }

    /** Time those writes spent queued, in seconds. */
    public double lockWaitSeconds() {
        return lockWaitNanos.sum() / 1e9;
    }

    /** Counts an error by its code on its way to the client; returns it. */
    DatabaseException counted(DatabaseException error) {
        switch (error.code()) {
            case "statement_timeout" -> timeouts.increment();
            case "database_busy" -> busy.increment();
            case "write_conflict" -> conflicts.increment();
            default -> {
                // the others are the client's to fix, or failures the log has
            }
        }
        return error;
    }
}
