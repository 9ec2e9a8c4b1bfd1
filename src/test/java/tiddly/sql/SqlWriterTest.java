package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tiddly.query.Delete;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.query.Where.Operator;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

class SqlWriterTest {
    private static final Column ID = column("id", "INTEGER", false, true, false);
    private static final Column TITLE = column("title", "TEXT", false, false, false);
    private static final Column YEAR = column("year", "INTEGER", true, false, false);
    private static final Column IN_PRINT = column("in_print", "BOOLEAN", true, false, false);
    private static final Column PASSWORD = column("password", "TEXT", true, false, true);
    private static final Table BOOK =
            new Table("book", false, List.of(ID, TITLE, YEAR, IN_PRINT, PASSWORD), List.of(ID), List.of());

    /** Every visible column of book, as SELECT and RETURNING list them. */
    private static final String COLUMNS = "\"id\", \"title\", \"year\", \"in_print\"";

    private static final List<Column> VISIBLE = List.of(ID, TITLE, YEAR, IN_PRINT);
    private static final List<Order> BY_ID = List.of(new Order(ID, false, Order.Nulls.DEFAULT));

    private final SqlWriter writer = new SqlWriter(new SqliteDialect());

    private static Column column(String name, String declared, boolean nullable, boolean primaryKey, boolean hidden) {
        return new Column(
                name,
                declared,
                ColumnType.ofDeclared(declared),
                nullable,
                Optional.empty(),
                primaryKey,
                primaryKey,
                false,
                hidden);
    }

    private static Row row(Object... columnsAndValues) {
        Map<Column, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            values.put((Column) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return new Row(values);
    }

    private Statement only(Query query) {
        Script script = writer.write(query);
        assertSame(query, script.query());
        assertEquals(1, script.statements().size());
        return script.statements().get(0);
    }

    /** The statement for FETCH /book with this where, ordered by id, first page of 100. */
    private Statement select(Where where) {
        return only(new Fetch(BOOK, where, BY_ID, new Page(100, 0), false));
    }

    /** Asserts the SQL between WHERE and ORDER BY of a book select, and its parameters before the page. */
    private void assertWhere(String condition, List<Object> parameters, Where where) {
        Statement statement = select(where);
        assertEquals(
                "SELECT " + COLUMNS + " FROM \"book\" WHERE " + condition + " ORDER BY \"id\" ASC LIMIT ? OFFSET ?",
                statement.sql());
        List<Object> expected = new ArrayList<>(parameters);
        expected.add(100L);
        expected.add(0L);
        assertEquals(expected, statement.parameters());
    }

    // ---- select

    @Test
    void aFetchOfEveryRowSelectsTheVisibleColumnsWithThePage() {
        Statement statement = only(new Fetch(BOOK, Where.ALL, BY_ID, new Page(1000, 20), false));
        assertEquals("SELECT " + COLUMNS + " FROM \"book\" ORDER BY \"id\" ASC LIMIT ? OFFSET ?", statement.sql());
        assertEquals(List.of(1000L, 20L), statement.parameters());
        assertEquals(VISIBLE, statement.columns());
        assertTrue(statement.returnsRows());
    }

    @Test
    void aFetchIsNotAWrite() {
        assertFalse(writer.write(new Fetch(BOOK, Where.ALL, BY_ID, new Page(1, 0), true))
                .writes());
    }

    @Test
    void aFetchWithoutAnOrderHasNoOrderBy() {
        Statement statement =
                only(new Fetch(BOOK, new Where.Compare(ID, Operator.EQ, 7L), List.of(), new Page(1, 0), true));
        assertEquals("SELECT " + COLUMNS + " FROM \"book\" WHERE \"id\" = ? LIMIT ? OFFSET ?", statement.sql());
        assertEquals(List.of(7L, 1L, 0L), statement.parameters());
    }

    @Test
    void hiddenColumnsAreNeverSelected() {
        Statement statement = select(Where.ALL);
        assertFalse(statement.sql().contains("password"));
        assertFalse(statement.columns().contains(PASSWORD));
    }

    @Test
    void orderTermsCarryDirectionAndNulls() {
        Statement statement = only(new Fetch(
                BOOK,
                Where.ALL,
                List.of(
                        new Order(YEAR, true, Order.Nulls.LAST),
                        new Order(TITLE, false, Order.Nulls.FIRST),
                        new Order(IN_PRINT, true, Order.Nulls.DEFAULT),
                        new Order(ID, false, Order.Nulls.DEFAULT)),
                new Page(10, 0),
                false));
        assertEquals(
                "SELECT " + COLUMNS + " FROM \"book\" ORDER BY \"year\" DESC NULLS LAST, \"title\" ASC NULLS FIRST,"
                        + " \"in_print\" DESC, \"id\" ASC LIMIT ? OFFSET ?",
                statement.sql());
    }

    // ---- where

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"EQ, =", "NE, <>", "GT, >", "GTE, >=", "LT, <", "LTE, <=", "LIKE, LIKE"})
    void eachComparisonIsTheColumnTheOperatorAndAParameter(Operator operator, String sql) {
        assertWhere("\"year\" " + sql + " ?", List.of(1965L), new Where.Compare(YEAR, operator, 1965L));
    }

    @Test
    void ilikeLowersBothSides() {
        assertWhere("lower(\"title\") LIKE lower(?)", List.of("du%"), new Where.Compare(TITLE, Operator.ILIKE, "du%"));
    }

    @Test
    void andAndOrAreParenthesisedAndNest() {
        assertWhere(
                "(\"title\" = ? AND (\"year\" < ? OR \"year\" > ?) AND \"in_print\" IS TRUE)",
                List.of("Dune", 1950L, 2000L),
                new Where.And(List.of(
                        new Where.Compare(TITLE, Operator.EQ, "Dune"),
                        new Where.Or(List.of(
                                new Where.Compare(YEAR, Operator.LT, 1950L),
                                new Where.Compare(YEAR, Operator.GT, 2000L))),
                        new Where.Is(IN_PRINT, Where.Literal.TRUE))));
    }

    @Test
    void notWrapsItsPartInParentheses() {
        assertWhere(
                "NOT ((\"year\" = ? OR \"title\" LIKE ?))",
                List.of(1965L, "The%"),
                new Where.Not(new Where.Or(List.of(
                        new Where.Compare(YEAR, Operator.EQ, 1965L),
                        new Where.Compare(TITLE, Operator.LIKE, "The%")))));
        assertWhere("NOT (\"year\" IS NULL)", List.of(), new Where.Not(new Where.Is(YEAR, Where.Literal.NULL)));
    }

    @Test
    void parametersFollowTheOrderOfTheirMarks() {
        assertWhere(
                "(\"id\" IN (?, ?) OR NOT (\"title\" = ?) OR \"year\" >= ?)",
                List.of(1L, 2L, "Emma", 1800L),
                new Where.Or(List.of(
                        new Where.In(ID, List.of(1L, 2L), false),
                        new Where.Not(new Where.Compare(TITLE, Operator.EQ, "Emma")),
                        new Where.Compare(YEAR, Operator.GTE, 1800L))));
    }

    @Test
    void inHasOneParameterPerValue() {
        assertWhere("\"id\" IN (?, ?, ?)", List.of(1L, 2L, 3L), new Where.In(ID, List.of(1L, 2L, 3L), false));
    }

    @Test
    void notInHasOneParameterPerValue() {
        assertWhere(
                "\"title\" NOT IN (?, ?)", List.of("Dune", "Emma"), new Where.In(TITLE, List.of("Dune", "Emma"), true));
    }

    @Test
    void anEmptyInMatchesNoRow() {
        assertWhere("1 = 0", List.of(), new Where.In(ID, List.of(), false));
    }

    @Test
    void anEmptyNotInMatchesEveryRow() {
        assertWhere("1 = 1", List.of(), new Where.In(ID, List.of(), true));
    }

    @Test
    void isWritesTheLiteral() {
        assertWhere("\"year\" IS NULL", List.of(), new Where.Is(YEAR, Where.Literal.NULL));
        assertWhere("\"in_print\" IS TRUE", List.of(), new Where.Is(IN_PRINT, Where.Literal.TRUE));
        assertWhere("\"in_print\" IS FALSE", List.of(), new Where.Is(IN_PRINT, Where.Literal.FALSE));
    }

    @Test
    void anEmptyAndInsideAConditionMatchesEveryRow() {
        assertWhere(
                "(1 = 1 OR \"year\" = ?)",
                List.of(1L),
                new Where.Or(List.of(Where.ALL, new Where.Compare(YEAR, Operator.EQ, 1L))));
    }

    @Test
    void anEmptyOrMatchesNoRow() {
        // Where.Or: "at least one part holds"; with no parts, none does.
        assertWhere("1 = 0", List.of(), new Where.Or(List.of()));
    }

    @Test
    void valuesAreNeverWrittenIntoTheSql() {
        Statement statement = select(new Where.Compare(TITLE, Operator.EQ, "'; DROP TABLE book; --"));
        assertFalse(statement.sql().contains("DROP"));
        assertEquals("'; DROP TABLE book; --", statement.parameters().get(0));
    }

    // ---- insert

    @Test
    void anInsertNamesTheGivenColumnsAndReturnsTheVisibleOnes() {
        Script script = writer.write(
                new Insert(BOOK, List.of(row(TITLE, "Dune", YEAR, 1965L, PASSWORD, "s3cret", IN_PRINT, null)), true));
        assertTrue(script.writes());
        Statement statement = script.statements().get(0);
        assertEquals(
                "INSERT INTO \"book\" (\"title\", \"year\", \"password\", \"in_print\") VALUES (?, ?, ?, ?)"
                        + " RETURNING " + COLUMNS,
                statement.sql());
        assertEquals(Arrays.asList("Dune", 1965L, "s3cret", null), statement.parameters());
        assertEquals(VISIBLE, statement.columns());
    }

    @Test
    void anInsertOfSeveralRowsIsOneStatementPerRow() {
        Script script = writer.write(new Insert(BOOK, List.of(row(TITLE, "Dune"), row(ID, 9L, TITLE, "Emma")), false));
        assertEquals(
                List.of(
                        new Statement(
                                "INSERT INTO \"book\" (\"title\") VALUES (?) RETURNING " + COLUMNS,
                                List.of("Dune"),
                                VISIBLE),
                        new Statement(
                                "INSERT INTO \"book\" (\"id\", \"title\") VALUES (?, ?) RETURNING " + COLUMNS,
                                List.of(9L, "Emma"),
                                VISIBLE)),
                script.statements());
    }

    @Test
    void anInsertOfAnEmptyRowUsesDefaultValues() {
        Statement statement = only(new Insert(BOOK, List.of(row()), true));
        assertEquals("INSERT INTO \"book\" DEFAULT VALUES RETURNING " + COLUMNS, statement.sql());
        assertEquals(List.of(), statement.parameters());
    }

    // ---- update

    @Test
    void anUpdateSetsTheGivenColumnsOfTheKeyedRowAndReturnsIt() {
        Script script = writer.write(new Update(
                BOOK, new Where.Compare(ID, Operator.EQ, 7L), row(TITLE, "Dune", YEAR, null, PASSWORD, "s3cret")));
        assertTrue(script.writes());
        Statement statement = script.statements().get(0);
        assertEquals(
                "UPDATE \"book\" SET \"title\" = ?, \"year\" = ?, \"password\" = ? WHERE \"id\" = ? RETURNING "
                        + COLUMNS,
                statement.sql());
        assertEquals(Arrays.asList("Dune", null, "s3cret", 7L), statement.parameters());
        assertEquals(VISIBLE, statement.columns());
    }

    @Test
    void anUpdateByACompositeKeyAndsTheKeyColumns() {
        Column bookId = column("book_id", "INTEGER", false, true, false);
        Column name = column("name", "TEXT", false, true, false);
        Column color = column("color", "TEXT", true, false, false);
        Table tag = new Table("tag", false, List.of(bookId, name, color), List.of(bookId, name), List.of());
        Statement statement = only(new Update(
                tag,
                new Where.And(List.of(
                        new Where.Compare(bookId, Operator.EQ, 1L), new Where.Compare(name, Operator.EQ, "sf"))),
                row(color, "red")));
        assertEquals(
                "UPDATE \"tag\" SET \"color\" = ? WHERE (\"book_id\" = ? AND \"name\" = ?)"
                        + " RETURNING \"book_id\", \"name\", \"color\"",
                statement.sql());
        assertEquals(List.of("red", 1L, "sf"), statement.parameters());
    }

    // ---- delete

    @Test
    void aDeleteByKeyReturnsTheDeletedRow() {
        Script script = writer.write(new Delete(BOOK, new Where.Compare(ID, Operator.EQ, 7L), true));
        assertTrue(script.writes());
        assertEquals(
                List.of(new Statement(
                        "DELETE FROM \"book\" WHERE \"id\" = ? RETURNING " + COLUMNS, List.of(7L), VISIBLE)),
                script.statements());
        assertTrue(script.statements().get(0).returnsRows());
    }

    @Test
    void aDeleteByWhereReturnsNoRows() {
        Statement statement = only(new Delete(BOOK, new Where.Compare(YEAR, Operator.LT, 1900L), false));
        assertEquals(new Statement("DELETE FROM \"book\" WHERE \"year\" < ?", List.of(1900L), List.of()), statement);
        assertFalse(statement.returnsRows());
    }

    // ---- identifiers

    @Test
    void aDoubleQuoteInANameIsDoubled() {
        Column weird = column("we\"ird", "TEXT", true, false, false);
        Column key = column("k", "INTEGER", false, true, false);
        Table table = new Table("ta\"ble", false, List.of(key, weird), List.of(key), List.of());
        Statement statement = only(new Fetch(
                table,
                new Where.Compare(weird, Operator.EQ, "x"),
                List.of(new Order(weird, true, Order.Nulls.DEFAULT)),
                new Page(5, 0),
                false));
        assertEquals(
                "SELECT \"k\", \"we\"\"ird\" FROM \"ta\"\"ble\" WHERE \"we\"\"ird\" = ? ORDER BY \"we\"\"ird\" DESC"
                        + " LIMIT ? OFFSET ?",
                statement.sql());
        assertEquals("\"we\"\"ird\"", new SqliteDialect().quote("we\"ird"));
    }
}
