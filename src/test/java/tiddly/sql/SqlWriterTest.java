package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tiddly.query.Delete;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Precondition;
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
    private static final Table BOOK = new Table(
            "book", false, List.of(ID, TITLE, YEAR, IN_PRINT, PASSWORD), List.of(ID), List.of(List.of(ID)), List.of());

    /** Every visible column of book, as SELECT and RETURNING list them. */
    private static final String COLUMNS = "\"id\", \"title\", \"year\", \"in_print\"";

    /** The content of a book row, hidden columns included, from which its ETag is hashed. */
    private static final String CONTENT =
            "quote(\"id\") || ',' || quote(\"title\") || ',' || quote(\"year\") || ',' || quote(\"in_print\")"
                    + " || ',' || quote(\"password\")";

    /** What a single-row write of book returns: the visible columns and the row's content. */
    private static final String RETURNING = " RETURNING " + COLUMNS + ", " + CONTENT;

    private static final List<Column> VISIBLE = List.of(ID, TITLE, YEAR, IN_PRINT);
    private static final List<Order> BY_ID = List.of(new Order(ID, false, Order.Nulls.DEFAULT));

    /** The guard of a write to book 7: a versioned read of the row, one at most. */
    private static final Statement CURRENT_BOOK_7 = new Statement(
            "SELECT " + COLUMNS + ", " + CONTENT + " FROM \"book\" WHERE \"id\" = ? LIMIT 1 OFFSET 0",
            List.of(7L),
            VISIBLE,
            true);

    // country(code TEXT PRIMARY KEY, name TEXT NOT NULL, population INTEGER)
    private static final Column CODE = column("code", "TEXT", false, true, false);
    private static final Column NAME = column("name", "TEXT", false, false, false);
    private static final Column POPULATION = column("population", "INTEGER", true, false, false);
    private static final Table COUNTRY = new Table(
            "country", false, List.of(CODE, NAME, POPULATION), List.of(CODE), List.of(List.of(CODE)), List.of());
    private static final String COUNTRY_RETURNING = " RETURNING \"code\", \"name\", \"population\","
            + " quote(\"code\") || ',' || quote(\"name\") || ',' || quote(\"population\")";

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
        return only(new Fetch(BOOK, where, BY_ID, new Page(100, 0), false, false));
    }

    /**
     * Asserts the SQL between WHERE and ORDER BY of a book select, and its parameters before the page
     * (a list selects one row more than its limit: that row tells whether a next page exists).
     */
    private void assertWhere(String condition, List<Object> parameters, Where where) {
        Statement statement = select(where);
        assertEquals(
                "SELECT " + COLUMNS + " FROM \"book\" WHERE " + condition + " ORDER BY \"id\" ASC LIMIT 101 OFFSET 0",
                statement.sql());
        assertEquals(parameters, statement.parameters());
    }

    // ---- select

    @Test
    void aFetchOfEveryRowSelectsTheVisibleColumnsWithThePageAndOneRowMore() {
        Statement statement = only(new Fetch(BOOK, Where.ALL, BY_ID, new Page(1000, 20), false, false));
        assertEquals("SELECT " + COLUMNS + " FROM \"book\" ORDER BY \"id\" ASC LIMIT 1001 OFFSET 20", statement.sql());
        assertEquals(List.of(), statement.parameters());
        assertEquals(VISIBLE, statement.columns());
        assertTrue(statement.returnsRows());
        assertFalse(statement.versioned());
    }

    @Test
    void aFetchIsNotAWrite() {
        assertFalse(writer.write(new Fetch(BOOK, Where.ALL, BY_ID, new Page(1, 0), true, true))
                .writes());
    }

    @Test
    void aFetchWithoutAnOrderHasNoOrderBy() {
        Statement statement =
                only(new Fetch(BOOK, new Where.Compare(ID, Operator.EQ, 7L), List.of(), new Page(1, 0), true, false));
        assertEquals("SELECT " + COLUMNS + " FROM \"book\" WHERE \"id\" = ? LIMIT 1 OFFSET 0", statement.sql());
        assertEquals(List.of(7L), statement.parameters());
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
                false,
                false));
        assertEquals(
                "SELECT " + COLUMNS + " FROM \"book\" ORDER BY \"year\" DESC NULLS LAST, \"title\" ASC NULLS FIRST,"
                        + " \"in_print\" DESC, \"id\" ASC LIMIT 11 OFFSET 0",
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
        assertWhere(
                "tiddly_lower(\"title\") LIKE tiddly_lower(?)",
                List.of("du%"),
                new Where.Compare(TITLE, Operator.ILIKE, "du%"));
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
    void aListOf32PartsIsWrittenSideBySide() {
        List<Where> parts = new ArrayList<>();
        for (long i = 0; i < 32; i++) {
            parts.add(new Where.Compare(ID, Operator.EQ, i));
        }
        assertWhere(
                "(" + String.join(" OR ", Collections.nCopies(32, "\"id\" = ?")) + ")", ids(32), new Where.Or(parts));
    }

    @Test
    void aLongerListIsWrittenAsGroupsOfAtMost32SoThatSqliteReadsItShallow() {
        List<Where> parts = new ArrayList<>();
        for (long i = 0; i < 33; i++) {
            parts.add(new Where.Compare(ID, Operator.EQ, i));
        }
        String pair = "(\"id\" = ? AND \"id\" = ?)";
        assertWhere(
                "(" + String.join(" AND ", Collections.nCopies(16, pair)) + " AND (\"id\" = ?))",
                ids(33),
                new Where.And(parts));
    }

    @Test
    void twentyThousandTermsAreThreeLevelsOfGroups() {
        List<Where> parts = new ArrayList<>();
        for (long i = 0; i < 20_000; i++) {
            parts.add(new Where.Compare(ID, Operator.EQ, i));
        }
        Statement statement = select(new Where.Or(parts));
        assertEquals(ids(20_000), statement.parameters().subList(0, 20_000));
        int[] operators = new int[10]; // the ORs seen so far in the group open at each depth
        int depth = 0;
        int deepest = 0;
        int widest = 0;
        for (int i = 0; i < statement.sql().length(); i++) {
            char next = statement.sql().charAt(i);
            if (next == '(') {
                deepest = Math.max(deepest, ++depth);
                operators[depth] = 0;
            } else if (next == ')') {
                depth--;
            } else if (statement.sql().startsWith(" OR ", i)) {
                widest = Math.max(widest, ++operators[depth] + 1);
            }
        }
        assertEquals(3, deepest);
        assertEquals(32, widest);
    }

    private static List<Object> ids(int count) {
        List<Object> ids = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            ids.add(i);
        }
        return ids;
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
        Script script = writer.write(new Insert(
                BOOK,
                List.of(row(TITLE, "Dune", YEAR, 1965L, PASSWORD, "s3cret", IN_PRINT, null)),
                true,
                Optional.empty()));
        assertTrue(script.writes());
        Statement statement = script.statements().get(0);
        assertEquals(
                "INSERT INTO \"book\" (\"title\", \"year\", \"password\", \"in_print\") VALUES (?, ?, ?, ?)"
                        + RETURNING,
                statement.sql());
        assertEquals(Arrays.asList("Dune", 1965L, "s3cret", null), statement.parameters());
        assertEquals(VISIBLE, statement.columns());
        assertTrue(statement.versioned());
    }

    @Test
    void anInsertOfSeveralRowsIsOneStatementPerRow() {
        Script script = writer.write(
                new Insert(BOOK, List.of(row(TITLE, "Dune"), row(ID, 9L, TITLE, "Emma")), false, Optional.empty()));
        assertEquals(
                List.of(
                        new Statement(
                                "INSERT INTO \"book\" (\"title\") VALUES (?)" + RETURNING,
                                List.of("Dune"),
                                VISIBLE,
                                true),
                        new Statement(
                                "INSERT INTO \"book\" (\"id\", \"title\") VALUES (?, ?)" + RETURNING,
                                List.of(9L, "Emma"),
                                VISIBLE,
                                true)),
                script.statements());
    }

    @Test
    void anInsertOfAnEmptyRowUsesDefaultValues() {
        Statement statement = only(new Insert(BOOK, List.of(row()), true, Optional.empty()));
        assertEquals("INSERT INTO \"book\" DEFAULT VALUES" + RETURNING, statement.sql());
        assertEquals(List.of(), statement.parameters());
    }

    // ---- update

    @Test
    void anUpdateSetsTheGivenColumnsOfTheKeyedRowAndReturnsIt() {
        Script script = writer.write(new Update(
                BOOK,
                new Where.Compare(ID, Operator.EQ, 7L),
                row(TITLE, "Dune", YEAR, null, PASSWORD, "s3cret"),
                true,
                Optional.empty()));
        assertTrue(script.writes());
        assertEquals(1, script.statements().size());
        Statement statement = script.statements().get(0);
        assertEquals(
                "UPDATE \"book\" SET \"title\" = ?, \"year\" = ?, \"password\" = ? WHERE \"id\" = ?" + RETURNING,
                statement.sql());
        assertEquals(Arrays.asList("Dune", null, "s3cret", 7L), statement.parameters());
        assertEquals(VISIBLE, statement.columns());
        assertTrue(statement.versioned());
        assertEquals(Optional.empty(), script.guard());
    }

    @Test
    void anUpdateByACompositeKeyAndsTheKeyColumns() {
        Column bookId = column("book_id", "INTEGER", false, true, false);
        Column name = column("name", "TEXT", false, true, false);
        Column color = column("color", "TEXT", true, false, false);
        Table tag = new Table(
                "tag",
                false,
                List.of(bookId, name, color),
                List.of(bookId, name),
                List.of(List.of(bookId, name)),
                List.of());
        Statement statement = only(new Update(
                tag,
                new Where.And(List.of(
                        new Where.Compare(bookId, Operator.EQ, 1L), new Where.Compare(name, Operator.EQ, "sf"))),
                row(color, "red"),
                true,
                Optional.empty()));
        assertEquals(
                "UPDATE \"tag\" SET \"color\" = ? WHERE (\"book_id\" = ? AND \"name\" = ?)"
                        + " RETURNING \"book_id\", \"name\", \"color\","
                        + " quote(\"book_id\") || ',' || quote(\"name\") || ',' || quote(\"color\")",
                statement.sql());
        assertEquals(List.of("red", 1L, "sf"), statement.parameters());
    }

    // ---- delete

    @Test
    void aDeleteByKeyReturnsTheDeletedRow() {
        Script script = writer.write(new Delete(BOOK, new Where.Compare(ID, Operator.EQ, 7L), true, Optional.empty()));
        assertTrue(script.writes());
        assertEquals(
                List.of(new Statement("DELETE FROM \"book\" WHERE \"id\" = ?" + RETURNING, List.of(7L), VISIBLE, true)),
                script.statements());
        assertTrue(script.statements().get(0).returnsRows());
        assertEquals(Optional.empty(), script.guard());
    }

    @Test
    void aDeleteByWhereReturnsNoRows() {
        Statement statement =
                only(new Delete(BOOK, new Where.Compare(YEAR, Operator.LT, 1900L), false, Optional.empty()));
        assertEquals(
                new Statement("DELETE FROM \"book\" WHERE \"year\" < ?", List.of(1900L), List.of(), false), statement);
        assertFalse(statement.returnsRows());
    }

    // ---- identifiers

    @Test
    void aDoubleQuoteInANameIsDoubled() {
        Column weird = column("we\"ird", "TEXT", true, false, false);
        Column key = column("k", "INTEGER", false, true, false);
        Table table = new Table("ta\"ble", false, List.of(key, weird), List.of(key), List.of(List.of(key)), List.of());
        Statement statement = only(new Fetch(
                table,
                new Where.Compare(weird, Operator.EQ, "x"),
                List.of(new Order(weird, true, Order.Nulls.DEFAULT)),
                new Page(5, 0),
                false,
                false));
        assertEquals(
                "SELECT \"k\", \"we\"\"ird\" FROM \"ta\"\"ble\" WHERE \"we\"\"ird\" = ? ORDER BY \"we\"\"ird\" DESC"
                        + " LIMIT 6 OFFSET 0",
                statement.sql());
        assertEquals("\"we\"\"ird\"", new SqliteDialect().quote("we\"ird"));
    }

    @Test
    void aDoubleQuoteInANameIsDoubledInTheRowContentToo() {
        Column weird = column("we\"ird", "TEXT", true, false, false);
        Column key = column("k", "INTEGER", false, true, false);
        Table table = new Table("ta\"ble", false, List.of(key, weird), List.of(key), List.of(List.of(key)), List.of());
        Statement statement = only(new Fetch(table, Where.ALL, List.of(), new Page(5, 0), false, true));
        assertEquals(
                "SELECT \"k\", \"we\"\"ird\", quote(\"k\") || ',' || quote(\"we\"\"ird\") FROM \"ta\"\"ble\""
                        + " LIMIT 6 OFFSET 0",
                statement.sql());
    }

    // ---- versions

    @Test
    void aVersionedFetchAlsoSelectsTheContentOfEveryColumn() {
        Statement statement = only(new Fetch(BOOK, Where.ALL, BY_ID, new Page(10, 0), false, true));
        assertEquals(
                "SELECT " + COLUMNS + ", " + CONTENT + " FROM \"book\" ORDER BY \"id\" ASC LIMIT 11 OFFSET 0",
                statement.sql());
        assertEquals(List.of(), statement.parameters());
        // The hidden password counts towards the version but is never a column of the result.
        assertEquals(VISIBLE, statement.columns());
        assertTrue(statement.versioned());
    }

    @Test
    void aLookupByKeyIsVersioned() {
        Statement statement =
                only(new Fetch(BOOK, new Where.Compare(ID, Operator.EQ, 7L), List.of(), new Page(1, 0), true, true));
        assertEquals(
                new Statement(
                        "SELECT " + COLUMNS + ", " + CONTENT + " FROM \"book\" WHERE \"id\" = ? LIMIT 1 OFFSET 0",
                        List.of(7L),
                        VISIBLE,
                        true),
                statement);
    }

    @Test
    void theRowContentQuotesEachColumnAndJoinsThemWithCommas() {
        assertEquals(
                "quote(\"a\") || ',' || quote(\"b\") || ',' || quote(\"c\")",
                new SqliteDialect().rowContent(List.of("\"a\"", "\"b\"", "\"c\"")));
        assertEquals("quote(\"a\")", new SqliteDialect().rowContent(List.of("\"a\"")));
    }

    // ---- upsert

    @Test
    void anUpsertUpdatesTheOtherGivenColumnsFromTheExcludedRow() {
        Statement statement = only(new Insert(
                COUNTRY,
                List.of(row(CODE, "NL", NAME, "Netherlands")),
                true,
                Optional.of(new OnConflict(OnConflict.Action.UPDATE, List.of(CODE)))));
        assertEquals(
                "INSERT INTO \"country\" (\"code\", \"name\") VALUES (?, ?)"
                        + " ON CONFLICT (\"code\") DO UPDATE SET \"name\" = excluded.\"name\"" + COUNTRY_RETURNING,
                statement.sql());
        assertEquals(List.of("NL", "Netherlands"), statement.parameters());
        assertEquals(List.of(CODE, NAME, POPULATION), statement.columns());
        assertTrue(statement.versioned());
    }

    @Test
    void anUpsertOfSeveralRowsUpdatesEachRowsOwnColumns() {
        Script script = writer.write(new Insert(
                COUNTRY,
                List.of(row(NAME, "Netherlands", CODE, "NL", POPULATION, 18L), row(CODE, "BE", POPULATION, 11L)),
                false,
                Optional.of(new OnConflict(OnConflict.Action.UPDATE, List.of(CODE)))));
        assertEquals(
                List.of(
                        "INSERT INTO \"country\" (\"name\", \"code\", \"population\") VALUES (?, ?, ?)"
                                + " ON CONFLICT (\"code\") DO UPDATE SET \"name\" = excluded.\"name\","
                                + " \"population\" = excluded.\"population\"" + COUNTRY_RETURNING,
                        "INSERT INTO \"country\" (\"code\", \"population\") VALUES (?, ?)"
                                + " ON CONFLICT (\"code\") DO UPDATE SET \"population\" = excluded.\"population\""
                                + COUNTRY_RETURNING),
                script.statements().stream().map(Statement::sql).toList());
        assertEquals(
                List.of(List.of("Netherlands", "NL", 18L), List.of("BE", 11L)),
                script.statements().stream().map(Statement::parameters).toList());
    }

    @Test
    void anUpsertsRuleNamesTheTablesColumnsNotTheExcludedRows() {
        Where rule = new Where.Or(List.of(
                new Where.Compare(NAME, Operator.EQ, "Netherlands"), new Where.Is(POPULATION, Where.Literal.NULL)));
        Statement statement = only(new Insert(
                COUNTRY,
                List.of(row(CODE, "NL", NAME, "Holland")),
                true,
                Optional.of(new OnConflict(OnConflict.Action.UPDATE, List.of(CODE), rule, Set.of()))));
        assertEquals(
                "INSERT INTO \"country\" (\"code\", \"name\") VALUES (?, ?)"
                        + " ON CONFLICT (\"code\") DO UPDATE SET \"name\" = excluded.\"name\""
                        + " WHERE (\"country\".\"name\" = ? OR \"country\".\"population\" IS NULL)"
                        + COUNTRY_RETURNING,
                statement.sql());
        assertEquals(List.of("NL", "Holland", "Netherlands"), statement.parameters());
    }

    @Test
    void anUpsertThatIgnoresDoesNothing() {
        Statement statement = only(new Insert(
                COUNTRY,
                List.of(row(CODE, "NL", NAME, "Netherlands")),
                true,
                Optional.of(new OnConflict(OnConflict.Action.IGNORE, List.of(CODE)))));
        assertEquals(
                "INSERT INTO \"country\" (\"code\", \"name\") VALUES (?, ?) ON CONFLICT (\"code\") DO NOTHING"
                        + COUNTRY_RETURNING,
                statement.sql());
        assertEquals(List.of("NL", "Netherlands"), statement.parameters());
    }

    @Test
    void anUpsertOnAUniqueKeyNamesEveryTargetColumnAndNeverUpdatesThem() {
        Column id = column("id", "INTEGER", false, true, false);
        Column bookId = column("book_id", "INTEGER", false, false, false);
        Column number = column("number", "INTEGER", false, false, false);
        Column label = column("label", "TEXT", true, false, false);
        Table edition = new Table(
                "edition",
                false,
                List.of(id, bookId, number, label),
                List.of(id),
                List.of(List.of(id), List.of(bookId, number)),
                List.of());
        Statement statement = only(new Insert(
                edition,
                List.of(row(bookId, 1L, number, 2L, label, "first")),
                true,
                Optional.of(new OnConflict(OnConflict.Action.UPDATE, List.of(bookId, number)))));
        assertEquals(
                "INSERT INTO \"edition\" (\"book_id\", \"number\", \"label\") VALUES (?, ?, ?)"
                        + " ON CONFLICT (\"book_id\", \"number\") DO UPDATE SET \"label\" = excluded.\"label\""
                        + " RETURNING \"id\", \"book_id\", \"number\", \"label\","
                        + " quote(\"id\") || ',' || quote(\"book_id\") || ',' || quote(\"number\")"
                        + " || ',' || quote(\"label\")",
                statement.sql());
        assertEquals(List.of(1L, 2L, "first"), statement.parameters());
    }

    // ---- bulk writes

    @Test
    void aBulkUpdateCountsItsRowsAndReturnsNone() {
        Script script = writer.write(new Update(
                BOOK,
                new Where.Compare(YEAR, Operator.LT, 1900L),
                row(IN_PRINT, false, PASSWORD, null),
                false,
                Optional.empty()));
        assertTrue(script.writes());
        assertEquals(
                List.of(new Statement(
                        "UPDATE \"book\" SET \"in_print\" = ?, \"password\" = ? WHERE \"year\" < ?",
                        Arrays.asList(false, null, 1900L),
                        List.of(),
                        false)),
                script.statements());
        assertFalse(script.statements().get(0).returnsRows());
        assertEquals(Optional.empty(), script.guard());
    }

    @Test
    void aBulkUpdateOfEveryRowHasNoWhere() {
        assertEquals(
                new Statement("UPDATE \"book\" SET \"year\" = ?", List.of(1965L), List.of(), false),
                only(new Update(BOOK, Where.ALL, row(YEAR, 1965L), false, Optional.empty())));
    }

    @Test
    void aDeleteOfEveryRowHasNoWhere() {
        assertEquals(
                new Statement("DELETE FROM \"book\"", List.of(), List.of(), false),
                only(new Delete(BOOK, Where.ALL, false, Optional.empty())));
    }

    // ---- guards (If-Match)

    @Test
    void anUpdateWithAPreconditionIsGuardedByAVersionedReadOfItsRow() {
        Precondition precondition = new Precondition(List.of("\"0123456789abcdef0123456789abcdef\""));
        Script script = writer.write(new Update(
                BOOK, new Where.Compare(ID, Operator.EQ, 7L), row(TITLE, "Dune"), true, Optional.of(precondition)));
        assertEquals(Optional.of(new Script.Guard(CURRENT_BOOK_7, precondition)), script.guard());
        assertEquals(
                List.of(new Statement(
                        "UPDATE \"book\" SET \"title\" = ? WHERE \"id\" = ?" + RETURNING,
                        List.of("Dune", 7L),
                        VISIBLE,
                        true)),
                script.statements());
    }

    @Test
    void aDeleteWithAPreconditionIsGuardedByAVersionedReadOfItsRow() {
        Precondition precondition = new Precondition(List.of("*"));
        Script script =
                writer.write(new Delete(BOOK, new Where.Compare(ID, Operator.EQ, 7L), true, Optional.of(precondition)));
        assertEquals(Optional.of(new Script.Guard(CURRENT_BOOK_7, precondition)), script.guard());
        assertEquals(
                List.of(new Statement("DELETE FROM \"book\" WHERE \"id\" = ?" + RETURNING, List.of(7L), VISIBLE, true)),
                script.statements());
    }

    @Test
    void aGuardReadsEveryKeyColumnOfACompositeKey() {
        Column bookId = column("book_id", "INTEGER", false, true, false);
        Column name = column("name", "TEXT", false, true, false);
        Column color = column("color", "TEXT", true, false, false);
        Table tag = new Table(
                "tag",
                false,
                List.of(bookId, name, color),
                List.of(bookId, name),
                List.of(List.of(bookId, name)),
                List.of());
        Precondition precondition = new Precondition(List.of("\"a\"", "\"b\""));
        Script script = writer.write(new Update(
                tag,
                new Where.And(List.of(
                        new Where.Compare(bookId, Operator.EQ, 1L), new Where.Compare(name, Operator.EQ, "sf"))),
                row(color, "red"),
                true,
                Optional.of(precondition)));
        Script.Guard guard = script.guard().orElseThrow();
        assertSame(precondition, guard.precondition());
        assertEquals(
                new Statement(
                        "SELECT \"book_id\", \"name\", \"color\","
                                + " quote(\"book_id\") || ',' || quote(\"name\") || ',' || quote(\"color\")"
                                + " FROM \"tag\" WHERE (\"book_id\" = ? AND \"name\" = ?) LIMIT 1 OFFSET 0",
                        List.of(1L, "sf"),
                        List.of(bookId, name, color),
                        true),
                guard.current());
    }

    @Test
    void writesWithoutAPreconditionAndReadsHaveNoGuard() {
        assertEquals(
                Optional.empty(),
                writer.write(new Fetch(BOOK, Where.ALL, BY_ID, new Page(1, 0), false, true))
                        .guard());
        assertEquals(
                Optional.empty(),
                writer.write(new Insert(BOOK, List.of(row(TITLE, "Dune")), true, Optional.empty()))
                        .guard());
    }
}
