package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import tiddly.schema.Schema;
import tiddly.schema.SchemaReader;
import tiddly.schema.Table;

class DatabaseTest {
    private static final String DDL = """
        CREATE TABLE person (id INTEGER PRIMARY KEY, FirstName TEXT NOT NULL, LastName TEXT);
        CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE book (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            author_id INTEGER REFERENCES author(id),
            in_print BOOLEAN,
            price REAL CHECK (price >= 0),
            big INTEGER,
            isbn TEXT UNIQUE
        );
        CREATE TABLE edition (
            id INTEGER PRIMARY KEY,
            book_id INTEGER NOT NULL,
            number INTEGER NOT NULL,
            label TEXT CHECK (length(label) > 0),
            UNIQUE (book_id, number)
        );
        CREATE TABLE account (
            id INTEGER PRIMARY KEY,
            balance INTEGER,
            CONSTRAINT positive_balance CHECK (balance >= 0)
        );
        INSERT INTO author (id, name) VALUES (1, 'Herbert'), (2, 'Austen');
        """;

    @TempDir
    Path directory;

    private Database database;
    private Schema schema;
    private final SqlWriter writer = new SqlWriter(new SqliteDialect());

    @BeforeEach
    void createDatabase() {
        Path file = directory.resolve("test.db");
        Jdbi.create("jdbc:sqlite:" + file)
                .useHandle(handle -> handle.createScript(DDL).execute());
        database = Database.openSqlite(file);
        schema = database.readSchema(new SchemaReader(Set.of()));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    // ---- helpers

    private Table table(String name) {
        return schema.require(name);
    }

    private Column column(String table, String name) {
        return table(table).column(name).orElseThrow();
    }

    /** A row of table from column name, value pairs; a value may be null. */
    private Row row(String table, Object... namesAndValues) {
        Map<Column, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(column(table, (String) namesAndValues[i]), namesAndValues[i + 1]);
        }
        return new Row(values);
    }

    private Result run(Query query) {
        return database.run(writer.write(query));
    }

    private Result insert(String table, Row... rows) {
        return run(new Insert(table(table), List.of(rows), rows.length == 1));
    }

    /** Every row of the table in key order. */
    private List<Map<String, Object>> all(String table) {
        Table read = table(table);
        List<Order> byKey = new ArrayList<>();
        for (Column key : read.primaryKey()) {
            byKey.add(new Order(key, false, Order.Nulls.DEFAULT));
        }
        return run(new Fetch(read, Where.ALL, byKey, new Page(1000, 0), false)).rows();
    }

    private Where byId(String table, long id) {
        return new Where.Compare(column(table, "id"), Operator.EQ, id);
    }

    private DatabaseException refused(Query query, int status, String code, String message) {
        DatabaseException e = assertThrows(DatabaseException.class, () -> run(query));
        assertEquals(status, e.status());
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
        return e;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    // ---- rows

    @Test
    void rowsComeBackWithColumnNamesAsDeclared() {
        insert("person", row("person", "FirstName", "Ada", "LastName", "Lovelace"));
        List<Map<String, Object>> rows = all("person");
        assertEquals(1, rows.size());
        assertEquals(
                List.of("id", "FirstName", "LastName"), List.copyOf(rows.get(0).keySet()));
        assertEquals("Ada", rows.get(0).get("FirstName"));
        assertEquals("Lovelace", rows.get(0).get("LastName"));
    }

    @Test
    void anInsertReturnsTheRowWithItsGeneratedKey() {
        Result first = insert("person", row("person", "FirstName", "Ada"));
        Result second = insert("person", row("person", "FirstName", "Grace", "LastName", "Hopper"));
        assertEquals(1, first.rows().size());
        assertEquals(1L, number(first.rows().get(0).get("id")));
        assertNull(first.rows().get(0).get("LastName"));
        assertEquals(2L, number(second.rows().get(0).get("id")));
        assertEquals("Hopper", second.rows().get(0).get("LastName"));
    }

    @Test
    void aMultiRowInsertReturnsEveryRowInOrder() {
        Result result = insert("person", row("person", "FirstName", "Ada"), row("person", "FirstName", "Grace"));
        assertEquals(
                List.of("Ada", "Grace"),
                result.rows().stream().map(row -> row.get("FirstName")).toList());
        assertEquals(
                List.of(1L, 2L),
                result.rows().stream().map(row -> number(row.get("id"))).toList());
    }

    @Test
    void booleansComeBackAsTrueAndFalse() {
        Result inserted = insert(
                "book",
                row("book", "title", "Dune", "in_print", true),
                row("book", "title", "Emma", "in_print", false),
                row("book", "title", "Kim", "in_print", null));
        assertEquals(
                Arrays.asList(true, false, null),
                inserted.rows().stream().map(row -> row.get("in_print")).toList());
        assertEquals(
                Arrays.asList(true, false, null),
                all("book").stream().map(row -> row.get("in_print")).toList());
    }

    @Test
    void aBooleanStoredAsAnyNumberComesBackAsABoolean() {
        Jdbi.create("jdbc:sqlite:" + directory.resolve("test.db"))
                .useHandle(
                        handle -> handle.execute("INSERT INTO book (title, in_print) VALUES ('Dune', 2), ('Emma', 0)"));
        assertEquals(
                List.of(true, false),
                all("book").stream().map(row -> row.get("in_print")).toList());
    }

    @Test
    void a64BitIntegerRoundTrips() {
        Result inserted = insert(
                "book",
                row("book", "title", "max", "big", Long.MAX_VALUE),
                row("book", "title", "min", "big", Long.MIN_VALUE));
        assertEquals(
                List.of(Long.MAX_VALUE, Long.MIN_VALUE),
                inserted.rows().stream().map(row -> row.get("big")).toList());
        assertEquals(
                List.of(Long.MAX_VALUE, Long.MIN_VALUE),
                all("book").stream().map(row -> row.get("big")).toList());
        List<Map<String, Object>> found = run(new Fetch(
                        table("book"),
                        new Where.Compare(column("book", "big"), Operator.EQ, Long.MAX_VALUE),
                        List.of(),
                        new Page(10, 0),
                        false))
                .rows();
        assertEquals(List.of("max"), found.stream().map(row -> row.get("title")).toList());
    }

    @Test
    void aFetchAppliesWhereOrderAndPage() {
        insert(
                "book",
                row("book", "title", "Dune", "price", 9.5),
                row("book", "title", "dusk", "price", null),
                row("book", "title", "Emma", "price", 4.0),
                row("book", "title", "Kim", "price", 7.25));
        Table book = table("book");
        List<Map<String, Object>> rows = run(new Fetch(
                        book,
                        new Where.Or(List.of(
                                new Where.Compare(column("book", "title"), Operator.ILIKE, "du%"),
                                new Where.In(column("book", "title"), List.of("Kim", "Emma"), false))),
                        List.of(
                                new Order(column("book", "price"), true, Order.Nulls.LAST),
                                new Order(column("book", "id"), false, Order.Nulls.DEFAULT)),
                        new Page(3, 1),
                        false))
                .rows();
        assertEquals(
                List.of("Kim", "Emma", "dusk"),
                rows.stream().map(row -> row.get("title")).toList());
    }

    @Test
    void likeIsCaseSensitiveAndIlikeIsNot() {
        insert("book", row("book", "title", "Dune"));
        Column title = column("book", "title");
        Page page = new Page(10, 0);
        assertEquals(
                0,
                run(new Fetch(table("book"), new Where.Compare(title, Operator.LIKE, "du%"), List.of(), page, false))
                        .rows()
                        .size());
        assertEquals(
                1,
                run(new Fetch(table("book"), new Where.Compare(title, Operator.ILIKE, "du%"), List.of(), page, false))
                        .rows()
                        .size());
    }

    @Test
    void anUpdateReturnsTheChangedRow() {
        insert("person", row("person", "FirstName", "Ada"));
        Result result = run(new Update(table("person"), byId("person", 1), row("person", "LastName", "Lovelace")));
        assertEquals(1, result.rows().size());
        assertEquals("Lovelace", result.rows().get(0).get("LastName"));
        assertEquals("Lovelace", all("person").get(0).get("LastName"));
    }

    @Test
    void anUpdateOfAMissingRowReturnsNoRow() {
        Result result = run(new Update(table("person"), byId("person", 42), row("person", "LastName", "Nobody")));
        assertEquals(List.of(), result.rows());
    }

    @Test
    void aDeleteByKeyReturnsTheDeletedRow() {
        insert("person", row("person", "FirstName", "Ada"), row("person", "FirstName", "Grace"));
        Result result = run(new Delete(table("person"), byId("person", 1), true));
        assertEquals(
                List.of("Ada"),
                result.rows().stream().map(row -> row.get("FirstName")).toList());
        assertEquals(
                List.of("Grace"),
                all("person").stream().map(row -> row.get("FirstName")).toList());
    }

    @Test
    void aDeleteByWhereCountsTheDeletedRows() {
        insert(
                "person",
                row("person", "FirstName", "Ada"),
                row("person", "FirstName", "Grace"),
                row("person", "FirstName", "Alan"));
        Result result = run(new Delete(
                table("person"), new Where.Compare(column("person", "FirstName"), Operator.LIKE, "A%"), false));
        assertEquals(List.of(), result.rows());
        assertEquals(2, result.count());
        assertEquals(1, all("person").size());
    }

    // ---- all or nothing

    @Test
    void aMultiRowInsertThatBreaksUniqueInsertsNothing() {
        insert("book", row("book", "title", "Dune", "isbn", "1"));
        refused(
                new Insert(
                        table("book"),
                        List.of(row("book", "title", "Emma", "isbn", "2"), row("book", "title", "Copy", "isbn", "1")),
                        false),
                409,
                "unique_violation",
                "a row of 'book' with the same 'isbn' already exists");
        assertEquals(
                List.of("Dune"),
                all("book").stream().map(row -> row.get("title")).toList());
        // The failed write released the database: the next one goes through.
        insert("book", row("book", "title", "Emma", "isbn", "2"));
        assertEquals(
                List.of("Dune", "Emma"),
                all("book").stream().map(row -> row.get("title")).toList());
    }

    // ---- constraints

    @Test
    void aUniqueViolationIs409() {
        insert("book", row("book", "title", "Dune", "isbn", "1"));
        refused(
                new Insert(table("book"), List.of(row("book", "title", "Copy", "isbn", "1")), true),
                409,
                "unique_violation",
                "a row of 'book' with the same 'isbn' already exists");
    }

    @Test
    void aCompositeUniqueViolationNamesEveryColumn() {
        insert("edition", row("edition", "book_id", 1L, "number", 1L));
        refused(
                new Insert(table("edition"), List.of(row("edition", "book_id", 1L, "number", 1L)), true),
                409,
                "unique_violation",
                "a row of 'edition' with the same 'book_id' and 'number' already exists");
    }

    @Test
    void aDuplicatePrimaryKeyIs409() {
        insert("person", row("person", "id", 1L, "FirstName", "Ada"));
        refused(
                new Insert(table("person"), List.of(row("person", "id", 1L, "FirstName", "Grace")), true),
                409,
                "unique_violation",
                "a row of 'person' with the same 'id' already exists");
    }

    @Test
    void aForeignKeyViolationOnInsertIs409() {
        refused(
                new Insert(table("book"), List.of(row("book", "title", "Dune", "author_id", 99L)), true),
                409,
                "foreign_key_violation",
                "a value refers to a row that does not exist: author_id → author.id");
        assertEquals(List.of(), all("book"));
    }

    @Test
    void aForeignKeyViolationOnUpdateIs409() {
        insert("book", row("book", "title", "Dune", "author_id", 1L));
        refused(
                new Update(table("book"), byId("book", 1), row("book", "author_id", 99L)),
                409,
                "foreign_key_violation",
                "a value refers to a row that does not exist: author_id → author.id");
        assertEquals(1L, number(all("book").get(0).get("author_id")));
    }

    @Test
    void deletingARowStillReferredToIs409() {
        insert("book", row("book", "title", "Dune", "author_id", 1L));
        refused(
                new Delete(table("author"), byId("author", 1), true),
                409,
                "foreign_key_violation",
                "the row of 'author' is still referred to by rows of another table");
        assertEquals(2, all("author").size());
    }

    @Test
    void aCheckViolationIs409() {
        refused(
                new Insert(table("book"), List.of(row("book", "title", "Dune", "price", -1.0)), true),
                409,
                "check_violation",
                "the row breaks the check 'price >= 0' of table 'book'");
    }

    @Test
    void aNamedCheckViolationNamesTheConstraint() {
        refused(
                new Insert(table("account"), List.of(row("account", "balance", -5L)), true),
                409,
                "check_violation",
                "the row breaks the check 'positive_balance' of table 'account'");
    }

    @Test
    void aCheckWithAFunctionCallIsNamedInFull() {
        refused(
                new Insert(table("edition"), List.of(row("edition", "book_id", 1L, "number", 1L, "label", "")), true),
                409,
                "check_violation",
                "the row breaks the check 'length(label) > 0' of table 'edition'");
    }

    @Test
    void aNotNullViolationIs400() {
        refused(
                new Insert(table("book"), List.of(row("book", "price", 1.0)), true),
                400,
                "not_null_violation",
                "column 'title' of 'book' may not be null");
        insert("book", row("book", "title", "Dune"));
        refused(
                new Update(table("book"), byId("book", 1), row("book", "title", null)),
                400,
                "not_null_violation",
                "column 'title' of 'book' may not be null");
    }
}
