package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.Settings;
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
        CREATE TABLE member (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score INTEGER, password TEXT, extra);
        CREATE TABLE account (
            id INTEGER PRIMARY KEY,
            balance INTEGER,
            CONSTRAINT positive_balance CHECK (balance >= 0)
        );
        INSERT INTO author (id, name) VALUES (1, 'Herbert'), (2, 'Austen');
        """;

    /** A well-formed ETag that no row has. */
    private static final String OTHER_ETAG = "\"00000000000000000000000000000000\"";

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
        database = Database.openSqlite(file, Settings.Durability.NORMAL);
        schema = database.readSchema(new SchemaReader(Set.of("password")));
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
        return run(new Insert(table(table), List.of(rows), rows.length == 1, Optional.empty()));
    }

    /** Every row of the table in key order. */
    private List<Map<String, Object>> all(String table) {
        Table read = table(table);
        List<Order> byKey = new ArrayList<>();
        for (Column key : read.primaryKey()) {
            byKey.add(new Order(key, false, Order.Nulls.DEFAULT));
        }
        return run(new Fetch(read, Where.ALL, byKey, new Page(1000, 0), false, false))
                .rows();
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
                        false,
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
                        false,
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
        Table book = table("book");
        assertEquals(
                0,
                run(new Fetch(book, new Where.Compare(title, Operator.LIKE, "du%"), List.of(), page, false, false))
                        .rows()
                        .size());
        assertEquals(
                1,
                run(new Fetch(book, new Where.Compare(title, Operator.ILIKE, "du%"), List.of(), page, false, false))
                        .rows()
                        .size());
    }

    @Test
    void anUpdateReturnsTheChangedRow() {
        insert("person", row("person", "FirstName", "Ada"));
        Result result = run(new Update(
                table("person"), byId("person", 1), row("person", "LastName", "Lovelace"), true, Optional.empty()));
        assertEquals(1, result.rows().size());
        assertEquals("Lovelace", result.rows().get(0).get("LastName"));
        assertEquals("Lovelace", all("person").get(0).get("LastName"));
    }

    @Test
    void anUpdateOfAMissingRowReturnsNoRow() {
        Result result = run(new Update(
                table("person"), byId("person", 42), row("person", "LastName", "Nobody"), true, Optional.empty()));
        assertEquals(List.of(), result.rows());
    }

    @Test
    void aDeleteByKeyReturnsTheDeletedRow() {
        insert("person", row("person", "FirstName", "Ada"), row("person", "FirstName", "Grace"));
        Result result = run(new Delete(table("person"), byId("person", 1), true, Optional.empty()));
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
                table("person"),
                new Where.Compare(column("person", "FirstName"), Operator.LIKE, "A%"),
                false,
                Optional.empty()));
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
                        false,
                        Optional.empty()),
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
                new Insert(table("book"), List.of(row("book", "title", "Copy", "isbn", "1")), true, Optional.empty()),
                409,
                "unique_violation",
                "a row of 'book' with the same 'isbn' already exists");
    }

    @Test
    void aCompositeUniqueViolationNamesEveryColumn() {
        insert("edition", row("edition", "book_id", 1L, "number", 1L));
        refused(
                new Insert(
                        table("edition"), List.of(row("edition", "book_id", 1L, "number", 1L)), true, Optional.empty()),
                409,
                "unique_violation",
                "a row of 'edition' with the same 'book_id' and 'number' already exists");
    }

    @Test
    void aDuplicatePrimaryKeyIs409() {
        insert("person", row("person", "id", 1L, "FirstName", "Ada"));
        refused(
                new Insert(
                        table("person"),
                        List.of(row("person", "id", 1L, "FirstName", "Grace")),
                        true,
                        Optional.empty()),
                409,
                "unique_violation",
                "a row of 'person' with the same 'id' already exists");
    }

    @Test
    void aForeignKeyViolationOnInsertIs409() {
        refused(
                new Insert(
                        table("book"), List.of(row("book", "title", "Dune", "author_id", 99L)), true, Optional.empty()),
                409,
                "foreign_key_violation",
                "a value refers to a row that does not exist: author_id → author.id");
        assertEquals(List.of(), all("book"));
    }

    @Test
    void aForeignKeyViolationOnUpdateIs409() {
        insert("book", row("book", "title", "Dune", "author_id", 1L));
        refused(
                new Update(table("book"), byId("book", 1), row("book", "author_id", 99L), true, Optional.empty()),
                409,
                "foreign_key_violation",
                "a value refers to a row that does not exist: author_id → author.id");
        assertEquals(1L, number(all("book").get(0).get("author_id")));
    }

    @Test
    void deletingARowStillReferredToIs409() {
        insert("book", row("book", "title", "Dune", "author_id", 1L));
        refused(
                new Delete(table("author"), byId("author", 1), true, Optional.empty()),
                409,
                "foreign_key_violation",
                "the row of 'author' is still referred to by rows of another table");
        assertEquals(2, all("author").size());
    }

    @Test
    void aCheckViolationIs409() {
        refused(
                new Insert(table("book"), List.of(row("book", "title", "Dune", "price", -1.0)), true, Optional.empty()),
                409,
                "check_violation",
                "the row breaks the check 'price >= 0' of table 'book'");
    }

    @Test
    void aNamedCheckViolationNamesTheConstraint() {
        refused(
                new Insert(table("account"), List.of(row("account", "balance", -5L)), true, Optional.empty()),
                409,
                "check_violation",
                "the row breaks the check 'positive_balance' of table 'account'");
    }

    @Test
    void aCheckWithAFunctionCallIsNamedInFull() {
        refused(
                new Insert(
                        table("edition"),
                        List.of(row("edition", "book_id", 1L, "number", 1L, "label", "")),
                        true,
                        Optional.empty()),
                409,
                "check_violation",
                "the row breaks the check 'length(label) > 0' of table 'edition'");
    }

    @Test
    void aNotNullViolationIs400() {
        refused(
                new Insert(table("book"), List.of(row("book", "price", 1.0)), true, Optional.empty()),
                400,
                "not_null_violation",
                "column 'title' of 'book' may not be null");
        insert("book", row("book", "title", "Dune"));
        refused(
                new Update(table("book"), byId("book", 1), row("book", "title", null), true, Optional.empty()),
                400,
                "not_null_violation",
                "column 'title' of 'book' may not be null");
    }

    // ---- versions (ETags)

    /** The row of table with this id, read with its version. */
    private Map<String, Object> versioned(String table, long id) {
        List<Map<String, Object>> rows = run(new Fetch(
                        table(table), byId(table, id), List.of(), new Page(1, 0), true, true))
                .rows();
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    private String etag(String table, long id) {
        return (String) versioned(table, id).get(Database.ETAG);
    }

    /** PUT /table/id with these values; the row it returns. */
    private Map<String, Object> update(String table, long id, Object... namesAndValues) {
        List<Map<String, Object>> rows = run(new Update(
                        table(table), byId(table, id), row(table, namesAndValues), true, Optional.empty()))
                .rows();
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    @Test
    void aVersionedRowCarriesItsEtagAfterItsColumns() {
        insert("member", row("member", "name", "Ada", "score", 3L, "password", "s3cret"));
        Map<String, Object> row = versioned("member", 1);
        assertEquals(List.of("id", "name", "score", "extra", Database.ETAG), List.copyOf(row.keySet()));
        assertTrue(((String) row.get(Database.ETAG)).matches("\"[0-9a-f]{32}\""), (String) row.get(Database.ETAG));
    }

    @Test
    void anUnversionedFetchCarriesNoEtag() {
        insert("member", row("member", "name", "Ada"));
        assertEquals(
                List.of("id", "name", "score", "extra"),
                List.copyOf(all("member").get(0).keySet()));
    }

    @Test
    void theEtagStaysTheSameWhileNothingChanges() {
        insert("member", row("member", "name", "Ada", "score", 3L, "password", "s3cret"));
        String before = etag("member", 1);
        assertEquals(before, etag("member", 1));
        // A write that stores the same values leaves the version as it was.
        assertEquals(before, update("member", 1, "name", "Ada", "score", 3L).get(Database.ETAG));
        assertEquals(before, update("member", 1, "password", "s3cret").get(Database.ETAG));
        assertEquals(before, etag("member", 1));
    }

    @Test
    void theEtagChangesWhenAnyColumnChanges() {
        insert("member", row("member", "name", "Ada", "score", 3L, "password", "s3cret"));
        List<String> etags = new ArrayList<>();
        etags.add(etag("member", 1));
        update("member", 1, "name", "Grace");
        etags.add(etag("member", 1));
        update("member", 1, "score", 4L);
        etags.add(etag("member", 1));
        update("member", 1, "score", null);
        etags.add(etag("member", 1));
        update("member", 1, "password", "other");
        etags.add(etag("member", 1));
        update("member", 1, "password", null);
        etags.add(etag("member", 1));
        update("member", 1, "extra", "x");
        etags.add(etag("member", 1));
        assertEquals(etags.size(), Set.copyOf(etags).size(), etags.toString());
    }

    @Test
    void aHiddenColumnChangesTheEtagWithoutBeingShown() {
        insert("member", row("member", "name", "Ada", "password", "s3cret"));
        Map<String, Object> before = versioned("member", 1);
        update("member", 1, "password", "n3w");
        Map<String, Object> after = versioned("member", 1);
        assertFalse(after.containsKey("password"));
        assertEquals(before.get("name"), after.get("name"));
        assertNotEquals(before.get(Database.ETAG), after.get(Database.ETAG));
    }

    @Test
    void valuesThatLookAlikeHaveDifferentEtags() {
        // NULL and the text 'NULL', the number 3 and the text '3', one value with a comma and two values.
        insert("person", row("person", "FirstName", "Ada", "LastName", null));
        String nullName = etag("person", 1);
        update("person", 1, "LastName", "NULL");
        assertNotEquals(nullName, etag("person", 1));

        // An untyped column keeps what it is given: the integer 3, the text '3', the blob x'33'.
        insert("member", row("member", "name", "Ada", "extra", 3L));
        String number = etag("member", 1);
        update("member", 1, "extra", "3");
        String text = etag("member", 1);
        update("member", 1, "extra", new byte[] {'3'});
        assertEquals(3, Set.of(number, text, etag("member", 1)).size());

        update("person", 1, "FirstName", "a,b", "LastName", "c");
        String commaFirst = etag("person", 1);
        update("person", 1, "FirstName", "a", "LastName", "b,c");
        assertNotEquals(commaFirst, etag("person", 1));
        update("person", 1, "FirstName", "a','b", "LastName", "c");
        String quoteFirst = etag("person", 1);
        update("person", 1, "FirstName", "a", "LastName", "b','c");
        assertNotEquals(quoteFirst, etag("person", 1));
    }

    @Test
    void singleRowWritesReturnTheRowsVersion() {
        Result inserted = insert("member", row("member", "name", "Ada"));
        assertEquals(etag("member", 1), inserted.rows().get(0).get(Database.ETAG));
        Map<String, Object> updated = update("member", 1, "score", 9L);
        assertEquals(etag("member", 1), updated.get(Database.ETAG));
        String last = etag("member", 1);
        Result deleted = run(new Delete(table("member"), byId("member", 1), true, Optional.empty()));
        assertEquals(last, deleted.rows().get(0).get(Database.ETAG));
    }

    // ---- guards (If-Match)

    /** PUT /member/1 with If-Match. */
    private Result guardedUpdate(Precondition precondition, Object... namesAndValues) {
        return run(new Update(
                table("member"), byId("member", 1), row("member", namesAndValues), true, Optional.of(precondition)));
    }

    @Test
    void anUpdateWhosePreconditionMatchesApplies() {
        insert("member", row("member", "name", "Ada"));
        String first = etag("member", 1);
        Result result = guardedUpdate(new Precondition(List.of(first)), "score", 1L);
        assertEquals(1L, number(result.rows().get(0).get("score")));
        String second = etag("member", 1);
        assertNotEquals(first, second);
        assertEquals(second, result.rows().get(0).get(Database.ETAG));

        result = guardedUpdate(new Precondition(List.of(OTHER_ETAG, second)), "score", 2L);
        assertEquals(2L, number(result.rows().get(0).get("score")));

        result = guardedUpdate(new Precondition(List.of("*")), "score", 3L);
        assertEquals(3L, number(result.rows().get(0).get("score")));
        assertEquals(3L, number(all("member").get(0).get("score")));
    }

    @Test
    void anUpdateWhosePreconditionFailsIs412AndChangesNothing() {
        insert("member", row("member", "name", "Ada", "password", "s3cret"));
        Map<String, Object> before = versioned("member", 1);
        String current = (String) before.get(Database.ETAG);
        PreconditionFailedException e = assertThrows(
                PreconditionFailedException.class,
                () -> run(new Update(
                        table("member"),
                        byId("member", 1),
                        row("member", "name", "Grace"),
                        true,
                        Optional.of(new Precondition(List.of(OTHER_ETAG))))));
        assertEquals(412, e.status());
        assertEquals("etag_mismatch", e.code());
        assertEquals(Map.of("ETag", current), e.headers());
        // The error carries the row as it is now, as a response shows it: no hidden column, no _etag.
        Map<?, ?> data = (Map<?, ?>) e.data().orElseThrow();
        assertEquals(List.of("id", "name", "score", "extra"), List.copyOf(data.keySet()));
        assertEquals(1L, number(data.get("id")));
        assertEquals("Ada", data.get("name"));
        assertNull(data.get("score"));
        assertEquals(before, versioned("member", 1));
    }

    @Test
    void aDeleteWhosePreconditionFailsIs412AndDeletesNothing() {
        insert("member", row("member", "name", "Ada"));
        insert("member", row("member", "name", "Grace"));
        String stale = etag("member", 1);
        update("member", 1, "score", 1L);
        PreconditionFailedException e = assertThrows(
                PreconditionFailedException.class,
                () -> run(new Delete(
                        table("member"), byId("member", 1), true, Optional.of(new Precondition(List.of(stale))))));
        assertEquals(412, e.status());
        assertEquals("etag_mismatch", e.code());
        assertEquals(2, all("member").size());
        // The failed write released the database: the next one goes through.
        insert("member", row("member", "name", "Alan"));
        assertEquals(3, all("member").size());
    }

    @Test
    void aGuardedWriteOfAMissingRowReturnsNoRow() {
        Result result =
                run(new Delete(table("member"), byId("member", 42), true, Optional.of(new Precondition(List.of("*")))));
        assertEquals(List.of(), result.rows());
    }

    // ---- upserts and bulk writes

    @Test
    void anUpsertUpdatesTheExistingRowAndReturnsIt() {
        insert("book", row("book", "title", "Dune", "isbn", "1", "price", 9.5));
        Result result = run(new Insert(
                table("book"),
                List.of(row("book", "title", "Dune Messiah", "isbn", "1"), row("book", "title", "Emma", "isbn", "2")),
                false,
                Optional.of(new OnConflict(OnConflict.Action.UPDATE, List.of(column("book", "isbn"))))));
        assertEquals(
                List.of("Dune Messiah", "Emma"),
                result.rows().stream().map(row -> row.get("title")).toList());
        assertEquals(
                List.of(1L, 2L),
                result.rows().stream().map(row -> number(row.get("id"))).toList());
        assertEquals(9.5, all("book").get(0).get("price"));
        assertEquals(2, all("book").size());
    }

    @Test
    void anUpsertThatIgnoresKeepsTheExistingRowAndReturnsOnlyNewOnes() {
        insert("book", row("book", "title", "Dune", "isbn", "1"));
        Result result = run(new Insert(
                table("book"),
                List.of(row("book", "title", "Copy", "isbn", "1"), row("book", "title", "Emma", "isbn", "2")),
                false,
                Optional.of(new OnConflict(OnConflict.Action.IGNORE, List.of(column("book", "isbn"))))));
        assertEquals(
                List.of("Emma"),
                result.rows().stream().map(row -> row.get("title")).toList());
        assertEquals(
                List.of("Dune", "Emma"),
                all("book").stream().map(row -> row.get("title")).toList());
    }

    @Test
    void aBulkUpdateCountsTheUpdatedRows() {
        insert(
                "person",
                row("person", "FirstName", "Ada"),
                row("person", "FirstName", "Grace"),
                row("person", "FirstName", "Alan"));
        Result result = run(new Update(
                table("person"),
                new Where.Compare(column("person", "FirstName"), Operator.LIKE, "A%"),
                row("person", "LastName", "A."),
                false,
                Optional.empty()));
        assertEquals(List.of(), result.rows());
        assertEquals(2, result.count());
        assertEquals(
                Arrays.asList("A.", null, "A."),
                all("person").stream().map(row -> row.get("LastName")).toList());
    }

    // ---- transactions

    private Script script(Query query) {
        return writer.write(query);
    }

    @Test
    void aTransactionAppliesEverythingItRuns() {
        String title = database.transaction(transaction -> {
            transaction.run(
                    script(new Insert(table("book"), List.of(row("book", "title", "Dune")), true, Optional.empty())));
            // A later script sees the earlier one's write.
            return (String) transaction
                    .run(script(new Fetch(table("book"), byId("book", 1), List.of(), new Page(1, 0), true, false)))
                    .rows()
                    .get(0)
                    .get("title");
        });
        assertEquals("Dune", title);
        assertEquals(
                List.of("Dune"),
                all("book").stream().map(row -> row.get("title")).toList());
    }

    @Test
    void aTransactionWhoseWorkThrowsRollsEverythingBack() {
        insert("person", row("person", "FirstName", "Ada"));
        IllegalStateException boom = new IllegalStateException("boom");
        Function<Database.Transaction, Object> work = transaction -> {
            transaction.run(script(
                    new Insert(table("person"), List.of(row("person", "FirstName", "Grace")), true, Optional.empty())));
            Result updated = transaction.run(script(new Update(
                    table("person"),
                    byId("person", 1),
                    row("person", "LastName", "Lovelace"),
                    true,
                    Optional.empty())));
            assertEquals(1, updated.rows().size());
            Result deleted = transaction.run(script(new Delete(
                    table("person"),
                    new Where.Compare(column("person", "FirstName"), Operator.EQ, "Ada"),
                    false,
                    Optional.empty())));
            assertEquals(1, deleted.count());
            throw boom;
        };
        assertSame(boom, assertThrows(IllegalStateException.class, () -> database.transaction(work)));
        List<Map<String, Object>> rows = all("person");
        assertEquals(1, rows.size());
        assertEquals("Ada", rows.get(0).get("FirstName"));
        assertNull(rows.get(0).get("LastName"));
        // The failed transaction released the database: the next write goes through.
        insert("person", row("person", "FirstName", "Grace"));
        assertEquals(2, all("person").size());
    }

    @Test
    void aTransactionWhoseScriptFailsRollsBackTheEarlierScripts() {
        insert("book", row("book", "title", "Dune", "isbn", "1"));
        DatabaseException e = assertThrows(
                DatabaseException.class,
                () -> database.transaction(transaction -> {
                    transaction.run(script(new Insert(
                            table("book"),
                            List.of(row("book", "title", "Emma", "isbn", "2")),
                            true,
                            Optional.empty())));
                    return transaction.run(script(new Insert(
                            table("book"),
                            List.of(row("book", "title", "Copy", "isbn", "1")),
                            true,
                            Optional.empty())));
                }));
        assertEquals(409, e.status());
        assertEquals("unique_violation", e.code());
        assertEquals(
                List.of("Dune"),
                all("book").stream().map(row -> row.get("title")).toList());
    }

    @Test
    void aTransactionWhosePreconditionFailsRollsBackTheEarlierScripts() {
        insert("member", row("member", "name", "Ada"));
        assertThrows(
                PreconditionFailedException.class,
                () -> database.transaction(transaction -> {
                    transaction.run(script(new Insert(
                            table("member"), List.of(row("member", "name", "Grace")), true, Optional.empty())));
                    return transaction.run(script(new Update(
                            table("member"),
                            byId("member", 1),
                            row("member", "name", "Alan"),
                            true,
                            Optional.of(new Precondition(List.of(OTHER_ETAG))))));
                }));
        assertEquals(
                List.of("Ada"),
                all("member").stream().map(row -> row.get("name")).toList());
    }

    // ---- rows streamed, statements counted

    /** book's titles in key order, as a statement the reader would run. */
    private Statement titles() {
        return new Statement(
                "SELECT \"title\", \"id\" FROM \"book\" ORDER BY \"id\" ASC",
                List.of(),
                List.of(column("book", "title"), column("book", "id")),
                false);
    }

    @Test
    void streamHandsEachRowToTheSinkInOrder() {
        insert("book", row("book", "title", "Dune"), row("book", "title", "Emma"), row("book", "title", "Persuasion"));
        List<Object> streamed = new ArrayList<>();
        database.stream(titles(), row -> streamed.add(row.get("title")));
        assertEquals(List.of("Dune", "Emma", "Persuasion"), streamed);
        assertEquals(
                List.of(
                        Map.of("title", "Dune", "id", 1L),
                        Map.of("title", "Emma", "id", 2L),
                        Map.of("title", "Persuasion", "id", 3L)),
                database.list(titles()));
    }

    @Test
    void statementsRunCountsEveryStatementRunOrStreamed() {
        long start = database.statementsRun();
        insert("book", row("book", "title", "Dune"), row("book", "title", "Emma"), row("book", "title", "Persuasion"));
        assertEquals(3, database.statementsRun() - start, "one INSERT per row");
        long before = database.statementsRun();
        database.stream(titles(), row -> {});
        database.list(titles());
        assertEquals(2, database.statementsRun() - before);
        before = database.statementsRun();
        Result updated = run(new Update(
                table("book"),
                byId("book", 1),
                row("book", "title", "Dune Messiah"),
                true,
                Optional.of(new Precondition(List.of("*")))));
        assertEquals(1, updated.rows().size());
        assertEquals(2, database.statementsRun() - before, "the guard's read and the UPDATE");
    }

    @Test
    void anErrorInTheSinkStopsTheStreamLeavesAsItIsAndFreesTheConnection() {
        insert("book", row("book", "title", "Dune"), row("book", "title", "Emma"), row("book", "title", "Persuasion"));
        // More failed streams than the pool has connections: each must give its connection back.
        for (int i = 0; i < 12; i++) {
            List<Object> streamed = new ArrayList<>();
            UncheckedIOException gone = new UncheckedIOException(new IOException("client gone"));
            assertSame(
                    gone,
                    assertThrows(
                            UncheckedIOException.class,
                            () -> database.stream(titles(), row -> {
                                streamed.add(row.get("title"));
                                throw gone;
                            })));
            assertEquals(List.of("Dune"), streamed);
        }
        assertEquals(3, database.list(titles()).size());
    }

    @Test
    void aStatementTheDatabaseCannotRunIs500WhenStreamed() {
        DatabaseException e = assertThrows(
                DatabaseException.class,
                () -> database.stream(
                        new Statement("SELECT nope FROM \"book\"", List.of(), List.of(column("book", "title")), false),
                        row -> {}));
        assertEquals(500, e.status());
        assertEquals("database_error", e.code());
        assertEquals("the database failed to run the request", e.getMessage());
    }

    @Test
    void aTransactionStreamsItsOwnUncommittedWrites() {
        List<Object> seen = database.transaction(transaction -> {
            transaction.run(
                    script(new Insert(table("book"), List.of(row("book", "title", "Dune")), true, Optional.empty())));
            List<Object> titles = new ArrayList<>();
            transaction.stream(titles(), row -> titles.add(row.get("title")));
            return titles;
        });
        assertEquals(List.of("Dune"), seen);
    }
}
