package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.transaction.TransactionException;
import org.junit.jupiter.api.Test;
import tiddly.query.Insert;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

/**
 * What a client meets while a Galera node dies (found by ops/clusters/galera-failover.sh): with a
 * several-host URL, MariaDB's driver moves to another node and reports the transaction it lost as
 * 25S03, and a node still joining refuses queries with 08S01. Both are a 503 worth retrying, never
 * a 500. The errors are built as MariaDB's driver 3.5 builds them.
 */
class FailoverErrorsTest {
    private static final Column ID =
            new Column("id", "INTEGER", ColumnType.INTEGER, false, Optional.empty(), true, true, false, false);
    private static final Table NOTE =
            new Table("note", false, List.of(ID), List.of(ID), List.of(List.of(ID)), List.of());
    private static final Query WRITE = new Insert(NOTE, List.of(new Row(Map.of())), true, Optional.empty());
    private final Errors errors = new SqlStateErrors();

    private void assertUnavailable(Throwable error) {
        for (DatabaseException translated : List.of(errors.translate(WRITE, error), errors.translateRead(error))) {
            assertEquals(503, translated.status());
            assertEquals("database_unavailable", translated.code());
            assertEquals(Map.of("Retry-After", "2"), translated.headers());
        }
    }

    @Test
    void aTransactionLostWhenTheDriverMovedToAnotherNodeIs503() {
        assertUnavailable(new SQLTransientConnectionException(
                "Driver has reconnect connection after a communications link failure with 127.0.0.1:3402."
                        + " In progress transaction was lost",
                "25S03"));
    }

    @Test
    void aCommitCutOffWhenTheDriverMovedToAnotherNodeIs503() {
        assertUnavailable(new TransactionException(
                "Failed to commit transaction",
                new SQLTransientConnectionException(
                        "Driver has reconnect connection after a communications failure with 127.0.0.1:3402 during a"
                                + " COMMIT statement",
                        "25S03")));
    }

    @Test
    void aNodeStillJoiningItsClusterIs503() {
        assertUnavailable(new SQLNonTransientConnectionException(
                "(conn=9) WSREP has not yet prepared node for application use", "08S01", 1047));
    }
}
