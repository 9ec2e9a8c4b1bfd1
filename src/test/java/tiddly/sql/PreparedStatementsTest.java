package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-connection statement cache, on a real SQLite file. */
class PreparedStatementsTest {
    @TempDir
    Path directory;

    private Connection connection;
    private final AtomicLong schemaReadings = new AtomicLong();
    private PreparedStatements statements;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cache.db"));
        try (var ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, price REAL, big NUMERIC, data BLOB)");
            ddl.execute("INSERT INTO t VALUES (1, 'one', 1.5, 10, x'01'), (2, 'two', NULL, NULL, NULL)");
        }
        statements = new PreparedStatements(connection, schemaReadings);
    }

    @AfterEach
    void close() throws SQLException {
        statements.close();
        connection.close();
    }

    @Test
    void theSameSqlReusesItsStatementWithNewParameters() throws SQLException {
        String sql = "SELECT name FROM t WHERE id = ?";
        PreparedStatement first = statements.bound(sql, List.of(1L));
        assertEquals(List.of("one"), names(first));
        PreparedStatement second = statements.bound(sql, List.of(2L));
        assertSame(first, second);
        assertEquals(List.of("two"), names(second));
    }

    @Test
    void aReleasedStatementKeepsNoValues() throws SQLException {
        PreparedStatement statement = statements.bound("SELECT name FROM t WHERE id = ?", List.of(1L));
        assertEquals(List.of("one"), names(statement));
        PreparedStatements.release(statement);
        assertEquals(List.of(), names(statement)); // unbound: id = NULL
    }

    @Test
    void everyKindOfValueBindsAsItsOwnType() throws SQLException {
        String sql = "SELECT name FROM t WHERE id = ? AND name = ? AND price = ? AND big = ? AND data = ? AND ? AND ?";
        List<Object> values = List.of(1L, "one", 1.5, new BigDecimal("10"), new byte[] {1}, true, 1);
        assertEquals(List.of("one"), names(statements.bound(sql, values)));
        assertEquals(
                List.of("two"),
                names(statements.bound("SELECT name FROM t WHERE price IS ? AND id = ?", Arrays.asList(null, 2L))));
    }

    @Test
    void aNewReadingOfTheSchemaPreparesEveryStatementAgain() throws SQLException {
        String sql = "SELECT name FROM t WHERE id = ?";
        PreparedStatement before = statements.bound(sql, List.of(1L));
        names(before);
        schemaReadings.incrementAndGet();
        PreparedStatement after = statements.bound(sql, List.of(1L));
        assertTrue(before.isClosed());
        assertNotSame(before, after);
        assertEquals(List.of("one"), names(after));
    }

    @Test
    void theLeastRecentlyUsedStatementIsClosedPastTheLimit() throws SQLException {
        PreparedStatement kept = statements.bound("SELECT name FROM t WHERE id = ?", List.of(1L));
        PreparedStatement dropped = statements.bound("SELECT name FROM t WHERE id = ? + 0", List.of(1L));
        for (int i = 0; i < 70; i++) {
            statements.bound("SELECT name FROM t WHERE id = ?", List.of(1L)); // used again: the most recent
            statements.bound("SELECT " + i + ", name FROM t WHERE id = ?", List.of(1L));
        }
        assertFalse(kept.isClosed());
        assertTrue(dropped.isClosed());
    }

    @Test
    void aStatementThatFailedIsDiscardedAndPreparedAgain() throws SQLException {
        String sql = "SELECT name FROM t WHERE name LIKE ?";
        PreparedStatement failed = statements.bound(sql, List.of("%".repeat(50_001)));
        assertThrows(SQLException.class, () -> names(failed)); // sqlite-jdbc finalizes it: it cannot run again
        statements.discard(sql);
        assertTrue(failed.isClosed());
        PreparedStatement again = statements.bound(sql, List.of("o%"));
        assertNotSame(failed, again);
        assertEquals(List.of("one"), names(again));
    }

    private static List<String> names(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString("name"));
            }
            return names;
        }
    }
}
