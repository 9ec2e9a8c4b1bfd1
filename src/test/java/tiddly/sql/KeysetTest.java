package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.Settings;
import tiddly.query.Fetch;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Where;
import tiddly.query.Where.Operator;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

/** The rows after a cursor's position: one branch per order term, NULL-aware, with a leading range. */
class KeysetTest {
    // item(id INTEGER PRIMARY KEY, year INTEGER, title TEXT)
    private static final Column ID = column("id", "INTEGER", true);
    private static final Column YEAR = column("year", "INTEGER", false);
    private static final Column TITLE = column("title", "TEXT", false);
    private static final Table ITEM =
            new Table("item", false, List.of(ID, YEAR, TITLE), List.of(ID), List.of(List.of(ID)), List.of());

    private static final String SELECT = "SELECT \"id\", \"year\", \"title\" FROM \"item\" WHERE ";

    private final SelectWriter writer = new SelectWriter(new SqliteDialect());

    private static Column column(String name, String declared, boolean key) {
        return new Column(
                name, declared, ColumnType.ofDeclared(declared), !key, Optional.empty(), key, key, false, false);
    }

    private static Order order(Column column, boolean descending, Order.Nulls nulls) {
        return new Order(column, descending, nulls);
    }

    private static final Order BY_ID = order(ID, false, Order.Nulls.DEFAULT);

    /** The page of 10 after {@code position} in {@code orders}, with {@code where}. */
    private Statement after(Where where, List<Order> orders, Object... position) {
        return writer.select(new Fetch(
                ITEM,
                List.of(),
                where,
                List.of(),
                Where.ALL,
                orders,
                new Page(10, 0, Optional.of(Arrays.asList(position))),
                false,
                false,
                false,
                false,
                List.of()));
    }

    private void assertAfter(String condition, List<Object> parameters, List<Order> orders, Object... position) {
        Statement statement = after(Where.ALL, orders, position);
        StringBuilder orderBy = new StringBuilder();
        for (Order order : orders) {
            orderBy.append(orderBy.length() == 0 ? " ORDER BY " : ", ")
                    .append('"')
                    .append(order.column().name())
                    .append(order.descending() ? "\" DESC" : "\" ASC")
                    .append(
                            switch (order.nulls()) {
                                case DEFAULT -> "";
                                case FIRST -> " NULLS FIRST";
                                case LAST -> " NULLS LAST";
                            });
        }
        assertEquals(SELECT + condition + orderBy + " LIMIT 11 OFFSET 0", statement.sql());
        List<Object> expected = new ArrayList<>(parameters);
        assertEquals(expected, statement.parameters());
    }

    // ---- SQLite's default

    @Test
    void sqliteSortsNullsFirstAscendingAndLastDescending(@TempDir Path directory) {
        Path file = directory.resolve("nulls.db");
        Jdbi.create("jdbc:sqlite:" + file)
                .useHandle(handle -> handle.createScript("""
            CREATE TABLE item (id INTEGER PRIMARY KEY, year INTEGER, title TEXT);
            INSERT INTO item (id, year) VALUES (1, 1965), (2, NULL), (3, 1815);
            """).execute());
        try (Database database = Database.openSqlite(file, Settings.Durability.NORMAL)) {
            List<Object> ascending = years(database, false);
            List<Object> descending = years(database, true);
            assertEquals(Arrays.asList(null, 1815L, 1965L), ascending);
            assertEquals(Arrays.asList(1965L, 1815L, null), descending);
        }
        assertTrue(new SqliteDialect().nullsFirstByDefault(false));
        assertFalse(new SqliteDialect().nullsFirstByDefault(true));
    }

    private List<Object> years(Database database, boolean descending) {
        List<Order> byYear = List.of(order(YEAR, descending, Order.Nulls.DEFAULT));
        Statement statement = writer.select(new Fetch(ITEM, Where.ALL, byYear, new Page(10, 0), false, false));
        return database.list(statement).stream().map(row -> row.get("year")).toList();
    }

    // ---- one column

    @Test
    void afterAKeyAscendingTheRangeAndTheBranchAreTheKeyAbove() {
        assertAfter("(\"id\" >= ? AND (\"id\" > ?))", List.of(5L, 5L), List.of(BY_ID), 5L);
    }

    @Test
    void afterAKeyDescendingComeSmallerKeysOrNull() {
        // Descending, SQLite puts NULLs last: a NULL would come after any value.
        assertAfter("((\"id\" < ? OR \"id\" IS NULL))", List.of(5L), List.of(order(ID, true, Order.Nulls.DEFAULT)), 5L);
    }

    // ---- a column and the key

    @Test
    void ascendingAfterAValueComeLargerValuesThenTiesWithALargerKey() {
        assertAfter(
                "(\"year\" >= ? AND (\"year\" > ? OR (\"year\" = ? AND \"id\" > ?)))",
                List.of(1965L, 1965L, 1965L, 7L),
                List.of(order(YEAR, false, Order.Nulls.DEFAULT), BY_ID),
                1965L,
                7L);
    }

    @Test
    void descendingAfterAValueComeSmallerValuesAndNullsThenTies() {
        assertAfter(
                "((\"year\" < ? OR \"year\" IS NULL) OR (\"year\" = ? AND \"id\" > ?))",
                List.of(1965L, 1965L, 7L),
                List.of(order(YEAR, true, Order.Nulls.DEFAULT), BY_ID),
                1965L,
                7L);
    }

    @Test
    void ascendingAfterNullComeEveryValueThenNullsWithALargerKey() {
        // Ascending, SQLite puts NULLs first: every value comes after a NULL.
        assertAfter(
                "(NOT (\"year\" IS NULL) OR (\"year\" IS NULL AND \"id\" > ?))",
                List.of(7L),
                List.of(order(YEAR, false, Order.Nulls.DEFAULT), BY_ID),
                null,
                7L);
    }

    @Test
    void descendingAfterNullComeOnlyNullsWithALargerKey() {
        assertAfter(
                "((\"year\" IS NULL AND \"id\" > ?))",
                List.of(7L),
                List.of(order(YEAR, true, Order.Nulls.DEFAULT), BY_ID),
                null,
                7L);
    }

    @Test
    void nullsLastAscendingAfterAValueComeLargerValuesAndNulls() {
        assertAfter(
                "((\"year\" > ? OR \"year\" IS NULL) OR (\"year\" = ? AND \"id\" > ?))",
                List.of(1965L, 1965L, 7L),
                List.of(order(YEAR, false, Order.Nulls.LAST), BY_ID),
                1965L,
                7L);
    }

    @Test
    void nullsLastAscendingAfterNullComeOnlyNullsWithALargerKey() {
        assertAfter(
                "((\"year\" IS NULL AND \"id\" > ?))",
                List.of(7L),
                List.of(order(YEAR, false, Order.Nulls.LAST), BY_ID),
                null,
                7L);
    }

    @Test
    void nullsFirstDescendingAfterAValueHasTheRangeBelowIt() {
        assertAfter(
                "(\"year\" <= ? AND (\"year\" < ? OR (\"year\" = ? AND \"id\" > ?)))",
                List.of(1965L, 1965L, 1965L, 7L),
                List.of(order(YEAR, true, Order.Nulls.FIRST), BY_ID),
                1965L,
                7L);
    }

    @Test
    void nullsFirstDescendingAfterNullComeEveryValueThenNullsWithALargerKey() {
        assertAfter(
                "(NOT (\"year\" IS NULL) OR (\"year\" IS NULL AND \"id\" > ?))",
                List.of(7L),
                List.of(order(YEAR, true, Order.Nulls.FIRST), BY_ID),
                null,
                7L);
    }

    @Test
    void nullsFirstAscendingIsSqlitesDefault() {
        assertEquals(
                after(Where.ALL, List.of(order(YEAR, false, Order.Nulls.DEFAULT), BY_ID), 1965L, 7L)
                        .parameters(),
                after(Where.ALL, List.of(order(YEAR, false, Order.Nulls.FIRST), BY_ID), 1965L, 7L)
                        .parameters());
        assertAfter(
                "(\"year\" >= ? AND (\"year\" > ? OR (\"year\" = ? AND \"id\" > ?)))",
                List.of(1965L, 1965L, 1965L, 7L),
                List.of(order(YEAR, false, Order.Nulls.FIRST), BY_ID),
                1965L,
                7L);
    }

    // ---- more terms and a where

    @Test
    void eachTermAddsABranchWithTheEarlierTermsEqual() {
        assertAfter(
                "(\"year\" >= ? AND (\"year\" > ? OR (\"year\" = ? AND (\"title\" < ? OR \"title\" IS NULL))"
                        + " OR (\"year\" = ? AND \"title\" = ? AND \"id\" > ?)))",
                List.of(1965L, 1965L, 1965L, "Dune", 1965L, "Dune", 7L),
                List.of(order(YEAR, false, Order.Nulls.DEFAULT), order(TITLE, true, Order.Nulls.DEFAULT), BY_ID),
                1965L,
                "Dune",
                7L);
    }

    @Test
    void aNullEarlierTermIsMatchedWithIsNull() {
        assertAfter(
                "(\"year\" >= ? AND (\"year\" > ? OR (\"year\" = ? AND NOT (\"title\" IS NULL))"
                        + " OR (\"year\" = ? AND \"title\" IS NULL AND \"id\" > ?)))",
                List.of(1965L, 1965L, 1965L, 1965L, 7L),
                List.of(order(YEAR, false, Order.Nulls.DEFAULT), order(TITLE, false, Order.Nulls.DEFAULT), BY_ID),
                1965L,
                null,
                7L);
    }

    @Test
    void theKeysetIsAndedAfterTheWhere() {
        Statement statement = after(
                new Where.Compare(TITLE, Operator.LIKE, "D%"),
                List.of(order(YEAR, false, Order.Nulls.DEFAULT), BY_ID),
                1965L,
                7L);
        assertEquals(
                SELECT + "(\"title\" LIKE ? AND (\"year\" >= ? AND (\"year\" > ? OR (\"year\" = ? AND \"id\" > ?))))"
                        + " ORDER BY \"year\" ASC, \"id\" ASC LIMIT 11 OFFSET 0",
                statement.sql());
        assertEquals(List.of("D%", 1965L, 1965L, 1965L, 7L), statement.parameters());
    }

    @Test
    void keysetWritesTheSameConditionAsAWhere() {
        Where keyset = Keyset.after(
                List.of(order(YEAR, true, Order.Nulls.DEFAULT), BY_ID), Arrays.asList(1965L, 7L), new SqliteDialect());
        assertEquals(
                new Where.Or(List.of(
                        new Where.Or(List.of(
                                new Where.Compare(YEAR, Operator.LT, 1965L), new Where.Is(YEAR, Where.Literal.NULL))),
                        new Where.And(List.of(
                                new Where.Compare(YEAR, Operator.EQ, 1965L), new Where.Compare(ID, Operator.GT, 7L))))),
                keyset);
    }

    // ---- segments: what the reader runs, one index range each

    /** The SQL of each segment's statement between WHERE and ORDER BY, as the reader runs them for a page of 10. */
    private List<String> segments(List<Order> orders, Object... position) {
        Fetch fetch = new Fetch(
                ITEM,
                List.of(),
                Where.ALL,
                List.of(),
                Where.ALL,
                orders,
                new Page(10, 0, Optional.of(Arrays.asList(position))),
                false,
                false,
                false,
                false,
                List.of());
        List<String> conditions = new ArrayList<>();
        for (Statement statement : writer.pages(fetch, 11)) {
            String sql = statement.sql();
            assertTrue(sql.startsWith(SELECT), sql);
            conditions.add(sql.substring(SELECT.length(), sql.indexOf(" ORDER BY ")));
            assertTrue(sql.endsWith(" LIMIT 11 OFFSET 0"), sql);
        }
        return conditions;
    }

    @Test
    void aPageWithoutAPositionIsOneStatement() {
        Fetch fetch = new Fetch(
                ITEM,
                Where.ALL,
                List.of(order(YEAR, true, Order.Nulls.DEFAULT), order(ID, true, Order.Nulls.DEFAULT)),
                new Page(10, 0),
                false,
                false);
        assertEquals(
                List.of(new Statement(
                        "SELECT \"id\", \"year\", \"title\" FROM \"item\" ORDER BY \"year\" DESC, \"id\" DESC"
                                + " LIMIT 11 OFFSET 0",
                        List.of(),
                        List.of(ID, YEAR, TITLE),
                        false)),
                writer.pages(fetch, 11));
    }

    @Test
    void afterAValueOfANotNullColumnIsOneSegment() {
        assertEquals(List.of("(\"id\" >= ? AND (\"id\" > ?))"), segments(List.of(BY_ID), 5L));
    }

    @Test
    void afterAValueWhereNullsComeFirstIsOneSegment() {
        assertEquals(
                List.of("(\"year\" >= ? AND (\"year\" > ? OR (\"year\" = ? AND \"id\" > ?)))"),
                segments(List.of(order(YEAR, false, Order.Nulls.DEFAULT), BY_ID), 1965L, 7L));
    }

    @Test
    void afterAValueWhereNullsComeLastAreTheRangeAfterItThenEveryNull() {
        assertEquals(
                List.of(
                        "(\"year\" <= ? AND (\"year\" < ? OR (\"year\" = ? AND ((\"id\" < ? OR \"id\" IS NULL)))))",
                        "\"year\" IS NULL"),
                segments(
                        List.of(order(YEAR, true, Order.Nulls.DEFAULT), order(ID, true, Order.Nulls.DEFAULT)),
                        1965L,
                        7L));
        assertEquals(
                List.of(
                        "(\"year\" >= ? AND (\"year\" > ? OR (\"year\" = ? AND (\"id\" >= ? AND (\"id\" > ?)))))",
                        "\"year\" IS NULL"),
                segments(List.of(order(YEAR, false, Order.Nulls.LAST), BY_ID), 1965L, 7L));
    }

    @Test
    void afterNullWhereNullsComeFirstAreTheLaterNullsThenEveryValue() {
        assertEquals(
                List.of("(\"year\" IS NULL AND (\"id\" >= ? AND (\"id\" > ?)))", "NOT (\"year\" IS NULL)"),
                segments(List.of(order(YEAR, false, Order.Nulls.DEFAULT), BY_ID), null, 7L));
        assertEquals(
                List.of("(\"year\" IS NULL AND ((\"id\" < ? OR \"id\" IS NULL)))", "NOT (\"year\" IS NULL)"),
                segments(
                        List.of(order(YEAR, true, Order.Nulls.FIRST), order(ID, true, Order.Nulls.DEFAULT)), null, 7L));
    }

    @Test
    void afterNullWhereNullsComeLastAreOnlyTheLaterNulls() {
        assertEquals(
                List.of("(\"year\" IS NULL AND (\"id\" >= ? AND (\"id\" > ?)))"),
                segments(List.of(order(YEAR, false, Order.Nulls.LAST), BY_ID), null, 7L));
    }

    @Test
    void segmentsReadInTurnAreExactlyTheRowsThatFollow(@TempDir Path directory) {
        Path file = directory.resolve("segments.db");
        Jdbi.create("jdbc:sqlite:" + file)
                .useHandle(handle -> handle.createScript("""
            CREATE TABLE item (id INTEGER PRIMARY KEY, year INTEGER, title TEXT);
            INSERT INTO item (id, year, title) VALUES (1, 1965, 'Dune'), (2, NULL, 'Emma'), (3, 1965, NULL),
                (4, NULL, NULL), (5, 1815, 'Emma'), (6, 1965, 'Dune'), (7, 2001, NULL), (8, NULL, 'Dune');
            """).execute());
        try (Database database = Database.openSqlite(file, Settings.Durability.NORMAL)) {
            for (boolean descending : new boolean[] {false, true}) {
                for (Order.Nulls nulls : Order.Nulls.values()) {
                    List<Order> orders =
                            List.of(order(YEAR, descending, nulls), order(TITLE, !descending, nulls), BY_ID);
                    List<Map<String, Object>> all = database.list(
                            writer.select(new Fetch(ITEM, Where.ALL, orders, new Page(100, 0), false, false)));
                    for (int i = 0; i < all.size(); i++) {
                        Map<String, Object> row = all.get(i);
                        Fetch after = new Fetch(
                                ITEM,
                                List.of(),
                                Where.ALL,
                                List.of(),
                                Where.ALL,
                                orders,
                                new Page(
                                        100,
                                        0,
                                        Optional.of(Arrays.asList(row.get("year"), row.get("title"), row.get("id")))),
                                false,
                                false,
                                false,
                                false,
                                List.of());
                        List<Map<String, Object>> rest = new ArrayList<>();
                        writer.pages(after, 101).forEach(statement -> rest.addAll(database.list(statement)));
                        assertEquals(all.subList(i + 1, all.size()), rest, orders + " after " + row);
                    }
                }
            }
        }
    }

    @Test
    void rowsOfTheWholePageStillMatchInTheDatabase(@TempDir Path directory) {
        // Every branch above, run: the rows after each position are exactly the rows that follow it.
        Path file = directory.resolve("keyset.db");
        Jdbi.create("jdbc:sqlite:" + file)
                .useHandle(handle -> handle.createScript("""
            CREATE TABLE item (id INTEGER PRIMARY KEY, year INTEGER, title TEXT);
            INSERT INTO item (id, year, title) VALUES (1, 1965, 'Dune'), (2, NULL, 'Emma'), (3, 1965, NULL),
                (4, NULL, NULL), (5, 1815, 'Emma'), (6, 1965, 'Dune'), (7, 2001, NULL), (8, NULL, 'Dune');
            """).execute());
        try (Database database = Database.openSqlite(file, Settings.Durability.NORMAL)) {
            for (boolean descending : new boolean[] {false, true}) {
                for (Order.Nulls nulls : Order.Nulls.values()) {
                    List<Order> orders =
                            List.of(order(YEAR, descending, nulls), order(TITLE, !descending, nulls), BY_ID);
                    List<Map<String, Object>> all = database.list(
                            writer.select(new Fetch(ITEM, Where.ALL, orders, new Page(100, 0), false, false)));
                    for (int i = 0; i < all.size(); i++) {
                        Map<String, Object> row = all.get(i);
                        List<Map<String, Object>> rest = database.list(
                                after(Where.ALL, orders, row.get("year"), row.get("title"), row.get("id")));
                        assertEquals(all.subList(i + 1, all.size()), rest, orders + " after " + row);
                    }
                }
            }
        }
    }
}
