package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import tiddly.query.Delete;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

/** The SQL and error mapping of PostgreSQL and MariaDB, stage by stage, without a server. */
class ServerDialectsTest {
    private static final Column ID =
            new Column("id", "int8", ColumnType.INTEGER, false, Optional.empty(), true, true, false, false);
    private static final Column NAME =
            new Column("name", "text", ColumnType.TEXT, true, Optional.empty(), false, false, false, false);
    private static final Column EMAIL =
            new Column("email", "varchar", ColumnType.TEXT, true, Optional.empty(), false, false, false, false);
    private static final Table USER = new Table(
            "user", false, List.of(ID, NAME, EMAIL), List.of(ID), List.of(List.of(ID), List.of(EMAIL)), List.of());

    private final SqlWriter postgres = new SqlWriter(new PostgresDialect());
    private final SqlWriter mariadb = new SqlWriter(new MariadbDialect());

    private static Row row(Object... columnsAndValues) {
        Map<Column, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            values.put((Column) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return new Row(values);
    }

    private static String sql(SqlWriter writer, tiddly.query.Query query, int statement) {
        return writer.write(query).statements().get(statement).sql();
    }

    @Test
    void postgresOrdersNullsAsTheSmallestValueAndUsesIlike() {
        Fetch fetch = new Fetch(
                USER,
                new Where.Compare(NAME, Where.Operator.ILIKE, "a%"),
                List.of(new Order(NAME, true, Order.Nulls.DEFAULT), new Order(ID, false, Order.Nulls.DEFAULT)),
                new Page(10, 0),
                false,
                false);
        assertEquals(
                "SELECT \"id\", \"name\", \"email\" FROM \"user\" WHERE \"name\" ILIKE ?"
                        + " ORDER BY \"name\" DESC NULLS LAST, \"id\" ASC LIMIT ? OFFSET ?",
                sql(postgres, fetch, 0));
    }

    @Test
    void aBackslashOfALikePatternIsBoundDoubledWhereLikeEscapesWithIt() {
        Fetch fetch = new Fetch(
                USER,
                new Where.And(List.of(
                        new Where.Compare(NAME, Where.Operator.LIKE, "a\\b%\\"),
                        new Where.Compare(EMAIL, Where.Operator.ILIKE, "\\_"))),
                List.of(),
                new Page(10, 0),
                false,
                false);
        for (SqlWriter writer : List.of(postgres, mariadb)) {
            assertEquals(
                    List.of("a\\\\b%\\\\", "\\\\_", 11L, 0L),
                    writer.write(fetch).statements().get(0).parameters());
        }
        assertEquals(
                List.of("a\\b%\\", "\\_"),
                new SqlWriter(new SqliteDialect())
                        .write(fetch)
                        .statements()
                        .get(0)
                        .parameters());
    }

    @Test
    void mariadbQuotesWithBackticksAndEmulatesNullsFirst() {
        Fetch fetch = new Fetch(
                USER,
                new Where.Compare(NAME, Where.Operator.LIKE, "A%"),
                List.of(new Order(NAME, true, Order.Nulls.FIRST)),
                new Page(10, 0),
                false,
                false);
        assertEquals(
                "SELECT `id`, `name`, `email` FROM `user` WHERE `name` COLLATE utf8mb4_bin LIKE ? COLLATE utf8mb4_bin"
                        + " ORDER BY `name` COLLATE utf8mb4_bin IS NULL DESC, `name` COLLATE utf8mb4_bin DESC"
                        + " LIMIT ? OFFSET ?",
                sql(mariadb, fetch, 0));
    }

    @Test
    void postgresVersionsRowsByTheirRowText() {
        Script script =
                postgres.write(new Delete(USER, new Where.Compare(ID, Where.Operator.EQ, 1L), true, Optional.empty()));
        assertEquals(
                "DELETE FROM \"user\" WHERE \"id\" = ? RETURNING \"id\", \"name\", \"email\","
                        + " ROW(\"id\", \"name\", \"email\")::text",
                script.statements().get(0).sql());
    }

    @Test
    void aMariadbUpdateThatReturnsRowsLocksTheirKeysThenReadsThemBack() {
        Script script = mariadb.write(new Update(
                USER, new Where.Compare(ID, Where.Operator.EQ, 1L), row(NAME, "Al"), true, Optional.empty()));
        assertTrue(script.readBack());
        assertEquals(
                "SELECT `id` FROM `user` WHERE `id` = ? FOR UPDATE",
                script.statements().get(0).sql());
        assertEquals(
                "UPDATE `user` SET `name` = ? WHERE `id` = ?",
                script.statements().get(1).sql());
        Statement back = mariadb.readBack(USER, List.of(Map.of("id", 1L), Map.of("id", 2L)));
        assertEquals(
                "SELECT `id`, `name`, `email`, CONCAT_WS(',', QUOTE(`id`), QUOTE(`name`), QUOTE(`email`)) FROM `user`"
                        + " WHERE ((`id` = ?) OR (`id` = ?)) LIMIT ? OFFSET ?",
                back.sql());
        assertEquals(List.of(1L, 2L, 3L, 0L), back.parameters());
    }

    @Test
    void aMariadbUpsertGuardsEachAssignmentByTheUpdateRule() {
        Where own = new Where.Compare(NAME, Where.Operator.EQ, "Al");
        OnConflict conflict = new OnConflict(OnConflict.Action.UPDATE, List.of(ID), own, Set.of());
        Script script = mariadb.write(
                new Insert(USER, List.of(row(ID, 1L, NAME, "Al", EMAIL, "a@x")), true, Optional.of(conflict)));
        assertEquals("SET @tiddly_upsert_ok = 1", script.statements().get(0).sql());
        Statement upsert = script.statements().get(1);
        assertEquals(
                "INSERT INTO `user` (`id`, `name`, `email`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE"
                        + " `name` = IF((@tiddly_upsert_ok := IF((`id` <=> VALUES(`id`)),"
                        + " `name` COLLATE utf8mb4_bin = ?, NULL)), VALUES(`name`), `name`),"
                        + " `email` = IF(@tiddly_upsert_ok, VALUES(`email`), `email`)"
                        + " RETURNING `id`, `name`, `email`, IF(@tiddly_upsert_ok,"
                        + " CONCAT_WS(',', QUOTE(`id`), QUOTE(`name`), QUOTE(`email`)),"
                        + " IF(@tiddly_upsert_ok IS NULL, '', NULL))",
                upsert.sql());
        assertEquals(List.of(1L, "Al", "a@x", "Al"), upsert.parameters());
    }

    @Test
    void postgresErrorsMapByTheirSqlState() {
        Insert insert = new Insert(USER, List.of(row(EMAIL, "a@x")), true, Optional.empty());
        PSQLException unique = new PSQLException(
                new ServerErrorMessage(
                        "SERROR\0C23505\0Mduplicate key value violates unique constraint\0DKey (email)=(a@x) already exists.\0nuser_email_key\0\0"));
        DatabaseException error = new SqlStateErrors().translate(insert, unique);
        assertEquals(409, error.status());
        assertEquals("a row of 'user' with the same 'email' already exists", error.getMessage());
        PSQLException timeout = new PSQLException(
                new ServerErrorMessage("SERROR\0C57014\0Mcanceling statement due to statement timeout\0\0"));
        assertEquals(
                "statement_timeout", new SqlStateErrors().translateRead(timeout).code());
        assertTrue(new SqlStateErrors()
                .retryable(new PSQLException(new ServerErrorMessage("SERROR\0C40001\0Mcould not serialize\0\0"))));
    }

    @Test
    void mariadbErrorsMapByTheirNumber() {
        Insert insert = new Insert(USER, List.of(row(EMAIL, "a@x")), true, Optional.empty());
        SqlStateErrors errors = new SqlStateErrors();
        DatabaseException unique =
                errors.translate(insert, new SQLException("Duplicate entry 'a@x' for key 'email'", "23000", 1062));
        assertEquals("a row of 'user' with the same 'email' already exists", unique.getMessage());
        DatabaseException primary =
                errors.translate(insert, new SQLException("Duplicate entry '1' for key 'PRIMARY'", "23000", 1062));
        assertEquals("a row of 'user' with the same 'id' already exists", primary.getMessage());
        DatabaseException notNull =
                errors.translate(insert, new SQLException("Column 'name' cannot be null", "23000", 1048));
        assertEquals("column 'name' of 'user' may not be null", notNull.getMessage());
        assertEquals(400, notNull.status());
        assertTrue(errors.retryable(new SQLException("Deadlock found", "40001", 1213)));
        assertEquals(
                "statement_timeout",
                errors.translateRead(new SQLException("max_statement_time exceeded", "70100", 1969))
                        .code());
    }

    @Test
    void serverTypeNamesMapToOneKindEach() {
        assertEquals(ColumnType.INTEGER, ColumnType.ofServer("int8", false));
        assertEquals(ColumnType.INTEGER, ColumnType.ofServer("BIGINT UNSIGNED", false));
        assertEquals(ColumnType.TEXT, ColumnType.ofServer("interval", false)); // not "int"
        assertEquals(ColumnType.TEXT, ColumnType.ofServer("point", false));
        assertEquals(ColumnType.DECIMAL, ColumnType.ofServer("numeric", false));
        assertEquals(ColumnType.JSON, ColumnType.ofServer("jsonb", false));
        assertEquals(ColumnType.JSON, ColumnType.ofServer("LONGTEXT", true));
        assertEquals(ColumnType.ARRAY, ColumnType.ofServer("_int4", false));
        assertEquals(ColumnType.TIMESTAMPTZ, ColumnType.ofServer("timestamptz", false));
        assertEquals(ColumnType.TIMESTAMP, ColumnType.ofServer("DATETIME", false));
        assertEquals(ColumnType.BLOB, ColumnType.ofServer("bytea", false));
        assertEquals(ColumnType.REAL, ColumnType.ofServer("float8", false));
    }
}
