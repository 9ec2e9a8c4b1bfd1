package tiddly.sql;

import org.jdbi.v3.core.Handle;

/**
 * A pooled connection as one request borrows it: its Jdbi handle, which runs transactions, and
 * its prepared statements, which run the SQL.
 */
record Session(Handle handle, PreparedStatements statements) implements AutoCloseable {
    @Override
    public void close() {
        statements.close();
        handle.close();
    }
}
