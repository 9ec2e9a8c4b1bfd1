package tiddly.sql;

import org.jdbi.v3.core.Handle;

/**
 * A pooled connection as one request borrows it: its Jdbi handle, which runs transactions, and
 * its prepared statements, which run the SQL. A class, not a record, for {@link #seen}: what the
 * pool knows of its connection's page cache.
 */
final class Session implements AutoCloseable {
    private final Handle handle;
    private final PreparedStatements statements;
    /**
     * SQLite: the writes Tiddly had committed when this session last began a read ({@link
     * Handles}); fewer than now means its next read starts with an emptied page cache and memory
     * map. Read and set only by the thread the session is lent to (the pool's hand-over orders it).
     */
    long seen;
    /** SQLite: reads made since {@link #seen} last changed, counted up to {@link Handles#WARM_READS}. */
    int warmReads;

    Session(Handle handle, PreparedStatements statements) {
        this.handle = handle;
        this.statements = statements;
    }

    Handle handle() {
        return handle;
    }

    PreparedStatements statements() {
        return statements;
    }

    @Override
    public void close() {
        statements.close();
        handle.close();
    }
}
