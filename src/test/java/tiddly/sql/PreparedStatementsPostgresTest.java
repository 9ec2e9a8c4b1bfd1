package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tiddly.testing.TestDatabase;

/**
 * PostgreSQL only: a statement planned on each run is never a named statement on the server, so
 * the server can never keep a generic plan for it (the plan a search needs depends on its words);
 * others become named at pgjdbc's fifth run, as before.
 */
class PreparedStatementsPostgresTest {
    private static final String SEARCH = "SELECT count(*) FROM book WHERE title = ?";

    private String database;
    private Connection connection;
    private PreparedStatements statements;

    @BeforeEach
    void open() throws SQLException {
        assumeTrue(TestDatabase.current() == TestDatabase.POSTGRES, "pgjdbc's server-side statements");
        database = TestDatabase.POSTGRES.create();
        connection = TestDatabase.POSTGRES.connect(database);
        statements = new PreparedStatements(connection, new AtomicLong());
    }

    @AfterEach
    void close() throws SQLException {
        if (connection != null) {
            statements.close();
            connection.close();
            TestDatabase.POSTGRES.drop(database);
        }
    }

    private void runTenTimes(boolean planEachRun) throws SQLException {
        for (int i = 0; i < 10; i++) {
            try (ResultSet rows =
                    statements.bound(SEARCH, List.of("Dune " + i), planEachRun).executeQuery()) {
                assertTrue(rows.next());
            }
        }
    }

    private long named() throws SQLException {
        try (var query = connection.createStatement();
                ResultSet rows = query.executeQuery(
                        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM book WHERE title%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void aStatementPlannedOnEachRunIsNeverNamedOnTheServer() throws SQLException {
        runTenTimes(true);
        assertEquals(0, named());
    }

    @Test
    void anotherIsNamedAfterFiveRuns() throws SQLException {
        runTenTimes(false);
        assertEquals(1, named());
    }
}
