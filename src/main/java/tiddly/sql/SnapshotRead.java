package tiddly.sql;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * One read transaction that sees the database as it was at its first read, and takes no write
 * lock: what a stream's snapshot reads its rows and the outbox position in, so that the rows hold
 * every change up to the position and none after it (ids follow commit order).
 *
 * <p>SQLite: the pool's connections begin their transactions IMMEDIATE, which takes the write
 * lock, so this one is begun DEFERRED by hand: in WAL mode its snapshot is fixed at its first
 * read, and writers commit meanwhile. PostgreSQL and MariaDB: REPEATABLE READ, whose snapshot (a
 * read view on MariaDB) is fixed at the first read too, and whose plain SELECTs take no locks
 * (MariaDB's SERIALIZABLE would lock every row read, and the end of the outbox).
 */
final class SnapshotRead {
    private SnapshotRead() {}

    static <T> T in(Session session, Engine engine, Supplier<T> read) {
        if (engine != Engine.SQLITE) {
            return session.handle().inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> read.get());
        }
        java.sql.Connection connection = session.handle().getConnection();
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("BEGIN DEFERRED");
        } catch (SQLException e) {
            throw new StatementFailure(e);
        }
        try {
            return read.get();
        } finally {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK"); // it only read: nothing to keep
            } catch (SQLException noneOpen) {
                // an interrupted statement may have ended it already
            }
        }
    }
}
