package tiddly.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.Settings;
import tiddly.sql.Database;

class SchemaReaderTest {
    private static final String DDL = """
        CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL, password TEXT);
        CREATE TABLE book (
            id INTEGER PRIMARY KEY,
            title VARCHAR(10) NOT NULL,
            author_id INTEGER REFERENCES author,
            in_print BOOLEAN NOT NULL DEFAULT 1,
            published DATE,
            cover BLOB,
            price REAL DEFAULT 0.0,
            weight DECIMAL(5, 2),
            extra,
            shout TEXT GENERATED ALWAYS AS (upper(title)) VIRTUAL,
            title_length INTEGER GENERATED ALWAYS AS (length(title)) STORED,
            created TEXT DEFAULT CURRENT_TIMESTAMP,
            note TEXT DEFAULT 'none',
            password TEXT
        );
        CREATE TABLE tag (
            book_id INTEGER NOT NULL REFERENCES book(id),
            name TEXT NOT NULL,
            PRIMARY KEY (name, book_id)
        );
        CREATE TABLE review (
            id INTEGER PRIMARY KEY,
            tag_name TEXT,
            book_id INTEGER,
            reviewer_id INTEGER REFERENCES author(id),
            FOREIGN KEY (tag_name, book_id) REFERENCES tag
        );
        CREATE TABLE log (message TEXT, level INTEGER);
        CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;
        CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER) WITHOUT ROWID;
        CREATE TABLE legacy (id INT PRIMARY KEY, body TEXT);
        CREATE TABLE sequenced (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER);
        INSERT INTO sequenced (n) VALUES (1);
        CREATE TABLE _private (secret TEXT);
        CREATE VIEW book_titles AS SELECT id, title FROM book;
        ANALYZE;
        """;

    /** Tables whose unique keys an upsert may target. */
    private static final String UNIQUE_DDL = """
        CREATE TABLE account (id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT);
        CREATE TABLE edition (
            id INTEGER PRIMARY KEY,
            book_id INTEGER NOT NULL,
            label TEXT,
            number INTEGER NOT NULL,
            UNIQUE (number, book_id)
        );
        CREATE TABLE slug (id INTEGER PRIMARY KEY, slug TEXT, deleted INTEGER, code TEXT, region TEXT);
        CREATE UNIQUE INDEX slug_live ON slug (slug) WHERE deleted = 0;
        CREATE INDEX slug_deleted ON slug (deleted);
        CREATE UNIQUE INDEX slug_lower ON slug (lower(slug));
        CREATE UNIQUE INDEX slug_code ON slug (region, code);
        CREATE TABLE pair (a TEXT NOT NULL, b TEXT NOT NULL, c TEXT UNIQUE, PRIMARY KEY (b, a)) WITHOUT ROWID;
        CREATE TABLE setting (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
        CREATE TABLE note (body TEXT, handle TEXT UNIQUE);
        CREATE TABLE twice (id INTEGER PRIMARY KEY UNIQUE, n INTEGER UNIQUE, UNIQUE (n));
        CREATE VIEW account_emails AS SELECT id, email FROM account;
        """;

    private static Schema schema;
    private static Schema uniques;

    @BeforeAll
    static void readSchema(@TempDir Path directory) {
        schema = read(directory.resolve("schema.db"), DDL);
        uniques = read(directory.resolve("uniques.db"), UNIQUE_DDL);
    }

    private static Schema read(Path file, String ddl) {
        Jdbi.create("jdbc:sqlite:" + file)
                .useHandle(handle -> handle.createScript(ddl).execute());
        try (Database database = Database.openSqlite(file, Settings.Durability.NORMAL)) {
            return database.readSchema(new SchemaReader(Set.of("password")));
        }
    }

    private static Table table(String name) {
        return schema.table(name).orElseThrow(() -> new AssertionError("no table " + name));
    }

    private static Column column(String table, String name) {
        return table(table).column(name).orElseThrow(() -> new AssertionError("no column " + table + "." + name));
    }

    private static Column plain(
            String name, String declared, ColumnType type, boolean nullable, Optional<String> dflt) {
        return new Column(name, declared, type, nullable, dflt, false, false, false, false);
    }

    @Test
    void onlyUserTablesAndViewsAreExposed() {
        assertEquals(
                List.of(
                        "author",
                        "book",
                        "book_titles",
                        "counter",
                        "kv",
                        "legacy",
                        "log",
                        "review",
                        "sequenced",
                        "tag"),
                schema.tables().stream().map(Table::name).toList());
    }

    @Test
    void tablesBeginningWithAnUnderscoreOrSqliteAreNotExposed() {
        assertFalse(schema.table("_private").isPresent());
        assertFalse(schema.table("sqlite_sequence").isPresent());
        assertFalse(schema.table("sqlite_stat1").isPresent());
        assertFalse(schema.table("sqlite_schema").isPresent());
    }

    @Test
    void declaredTypesMapToColumnTypes() {
        assertEquals(
                List.of(
                        new Column(
                                "id", "INTEGER", ColumnType.INTEGER, false, Optional.empty(), true, true, false, false),
                        plain("title", "VARCHAR(10)", ColumnType.TEXT, false, Optional.empty()),
                        plain("author_id", "INTEGER", ColumnType.INTEGER, true, Optional.empty()),
                        plain("in_print", "BOOLEAN", ColumnType.BOOLEAN, false, Optional.of("1")),
                        plain("published", "DATE", ColumnType.TEXT, true, Optional.empty()),
                        plain("cover", "BLOB", ColumnType.BLOB, true, Optional.empty()),
                        plain("price", "REAL", ColumnType.REAL, true, Optional.of("0.0")),
                        plain("weight", "DECIMAL(5, 2)", ColumnType.NUMERIC, true, Optional.empty()),
                        plain("extra", "", ColumnType.ANY, true, Optional.empty()),
                        new Column("shout", "TEXT", ColumnType.TEXT, true, Optional.empty(), false, true, true, false),
                        new Column(
                                "title_length",
                                "INTEGER",
                                ColumnType.INTEGER,
                                true,
                                Optional.empty(),
                                false,
                                true,
                                true,
                                false),
                        plain("created", "TEXT", ColumnType.TEXT, true, Optional.of("CURRENT_TIMESTAMP")),
                        plain("note", "TEXT", ColumnType.TEXT, true, Optional.of("'none'")),
                        new Column(
                                "password",
                                "TEXT",
                                ColumnType.TEXT,
                                true,
                                Optional.empty(),
                                false,
                                false,
                                false,
                                true)),
                table("book").columns());
    }

    @Test
    void anIntegerPrimaryKeyIsAGeneratedNotNullRowidAlias() {
        Column id = column("book", "id");
        assertTrue(id.primaryKey());
        assertTrue(id.generated());
        assertFalse(id.readOnly());
        assertFalse(id.nullable());
        assertTrue(id.optionalOnInsert());
        assertEquals(List.of(id), table("book").primaryKey());
    }

    @Test
    void anIntPrimaryKeyIsNoRowidAlias() {
        Column id = column("legacy", "id");
        assertTrue(id.primaryKey());
        assertFalse(id.generated());
        assertEquals("INT", id.declaredType());
        assertEquals(ColumnType.INTEGER, id.type());
    }

    @Test
    void everyKeyColumnIsRequiredThoughSqliteLetsARowidTablesKeyBeNull() {
        // SQLite's legacy quirk: a key of a rowid table other than INTEGER PRIMARY KEY may hold NULL.
        assertFalse(column("legacy", "id").nullable());
        assertFalse(column("legacy", "id").optionalOnInsert());
        assertFalse(column("review", "tag_name").primaryKey());
        assertTrue(column("review", "tag_name").nullable());
        assertFalse(column("kv", "k").nullable());
    }

    @Test
    void notNullAndDefaultsAreRead() {
        assertFalse(column("book", "title").nullable());
        assertFalse(column("book", "title").optionalOnInsert());
        assertFalse(column("book", "in_print").nullable());
        assertTrue(column("book", "in_print").optionalOnInsert());
        assertEquals(Optional.of("1"), column("book", "in_print").defaultValue());
        assertEquals(Optional.of("CURRENT_TIMESTAMP"), column("book", "created").defaultValue());
        assertEquals(Optional.empty(), column("book", "published").defaultValue());
    }

    @Test
    void generatedColumnsAreReadOnly() {
        for (String name : List.of("shout", "title_length")) {
            Column column = column("book", name);
            assertTrue(column.generated(), name);
            assertTrue(column.readOnly(), name);
            assertTrue(column.optionalOnInsert(), name);
        }
    }

    @Test
    void hiddenColumnsAreFlaggedInEveryTable() {
        assertTrue(column("book", "password").hidden());
        assertTrue(column("author", "password").hidden());
        assertFalse(column("author", "name").hidden());
        assertEquals(
                List.of("id", "name"),
                table("author").visibleColumns().stream().map(Column::name).toList());
    }

    @Test
    void aCompositePrimaryKeyKeepsKeyOrder() {
        Table tag = table("tag");
        assertEquals(
                List.of("book_id", "name"),
                tag.columns().stream().map(Column::name).toList());
        assertEquals(
                List.of("name", "book_id"),
                tag.primaryKey().stream().map(Column::name).toList());
        assertEquals(Optional.empty(), tag.singleKey());
        Column bookId = column("tag", "book_id");
        assertEquals(
                new Column(
                        "book_id", "INTEGER", ColumnType.INTEGER, false, Optional.empty(), true, false, false, false),
                bookId);
    }

    @Test
    void aTableWithoutAPrimaryKeyIsKeyedByAnImplicitRowid() {
        Column rowid =
                new Column("rowid", "INTEGER", ColumnType.INTEGER, false, Optional.empty(), true, true, false, false);
        assertEquals(
                new Table(
                        "log",
                        false,
                        List.of(
                                rowid,
                                plain("message", "TEXT", ColumnType.TEXT, true, Optional.empty()),
                                plain("level", "INTEGER", ColumnType.INTEGER, true, Optional.empty())),
                        List.of(rowid),
                        List.of(List.of(rowid)),
                        List.of()),
                table("log"));
    }

    @Test
    void aWithoutRowidTableHasNoRowidAndNoGeneratedKey() {
        Table kv = table("kv");
        assertEquals(List.of("k", "v"), kv.columns().stream().map(Column::name).toList());
        assertEquals(
                new Column("k", "TEXT", ColumnType.TEXT, false, Optional.empty(), true, false, false, false),
                kv.singleKey().orElseThrow());
        Column counterId = column("counter", "id");
        assertTrue(counterId.primaryKey());
        assertFalse(counterId.generated());
        assertFalse(counterId.nullable());
        assertFalse(counterId.optionalOnInsert());
        assertEquals(
                List.of("id", "n"),
                table("counter").columns().stream().map(Column::name).toList());
    }

    @Test
    void aViewIsReadOnlyAndHasNoKey() {
        assertEquals(
                new Table(
                        "book_titles",
                        true,
                        List.of(
                                plain("id", "INTEGER", ColumnType.INTEGER, true, Optional.empty()),
                                plain("title", "VARCHAR(10)", ColumnType.TEXT, true, Optional.empty())),
                        List.of(),
                        List.of(),
                        List.of()),
                table("book_titles"));
    }

    @Test
    void aForeignKeyNamingNoColumnRefersToTheKey() {
        assertEquals(
                List.of(new ForeignKey(List.of("author_id"), "author", List.of("id"))),
                table("book").foreignKeys());
    }

    @Test
    void aForeignKeyNamingItsColumnIsRead() {
        assertEquals(
                List.of(new ForeignKey(List.of("book_id"), "book", List.of("id"))),
                table("tag").foreignKeys());
    }

    @Test
    void aCompositeForeignKeyNamingNoColumnRefersToTheKeyInKeyOrder() {
        assertEquals(
                Set.of(
                        new ForeignKey(List.of("tag_name", "book_id"), "tag", List.of("name", "book_id")),
                        new ForeignKey(List.of("reviewer_id"), "author", List.of("id"))),
                Set.copyOf(table("review").foreignKeys()));
        assertEquals(2, table("review").foreignKeys().size());
    }

    @Test
    void anAutoincrementKeyIsARowidAlias() {
        Column id = column("sequenced", "id");
        assertTrue(id.generated());
        assertFalse(id.nullable());
        assertEquals(List.of(id), table("sequenced").primaryKey());
    }

    @Test
    void aVirtualTableIsExposedWithoutItsHiddenColumnsOrShadowTables(@TempDir Path directory) {
        Path file = directory.resolve("fts.db");
        Jdbi.create("jdbc:sqlite:" + file)
                .useHandle(handle -> handle.execute("CREATE VIRTUAL TABLE docs USING fts5(body)"));
        try (Database database = Database.openSqlite(file, Settings.Durability.NORMAL)) {
            Schema fts = database.readSchema(new SchemaReader(Set.of()));
            assertEquals(List.of("docs"), fts.tables().stream().map(Table::name).toList());
            Table docs = fts.require("docs");
            assertEquals(
                    List.of("rowid", "body"),
                    docs.columns().stream().map(Column::name).toList());
            assertEquals(
                    List.of("rowid"),
                    docs.primaryKey().stream().map(Column::name).toList());
        }
    }

    @Test
    void anUnknownTableIs404() {
        UnknownTableException e = assertThrows(UnknownTableException.class, () -> schema.require("_private"));
        assertEquals(404, e.status());
        assertEquals("unknown_table", e.code());
        assertEquals("unknown table '_private'", e.getMessage());
    }

    // ---- unique keys

    /** The table's unique keys, each as its column names. */
    private static List<List<String>> uniqueKeys(Table table) {
        return table.uniqueKeys().stream()
                .map(key -> key.stream().map(Column::name).toList())
                .toList();
    }

    /** The key comes first; the unique indexes follow in no set order, each column set once. */
    private static void assertUniqueKeys(List<String> key, Set<List<String>> indexes, Table table) {
        List<List<String>> actual = uniqueKeys(table);
        assertEquals(1 + indexes.size(), actual.size(), actual.toString());
        assertEquals(key, actual.get(0), actual.toString());
        assertEquals(indexes, Set.copyOf(actual.subList(1, actual.size())), actual.toString());
    }

    @Test
    void theKeyIsTheFirstUniqueKey() {
        assertEquals(List.of(List.of("id")), uniqueKeys(table("book")));
        assertEquals(List.of(List.of("id")), uniqueKeys(table("legacy")));
        assertEquals(List.of(table("book").primaryKey()), table("book").uniqueKeys());
    }

    @Test
    void aUniqueColumnIsAUniqueKey() {
        Table account = uniques.require("account");
        assertEquals(List.of(List.of("id"), List.of("email")), uniqueKeys(account));
        // The key's columns are the table's own column objects, as an upsert target needs them.
        assertEquals(
                List.of(account.column("email").orElseThrow()),
                account.uniqueKeys().get(1));
    }

    @Test
    void aCompositeUniqueConstraintListsItsColumnsInTableOrder() {
        assertEquals(List.of(List.of("id"), List.of("book_id", "number")), uniqueKeys(uniques.require("edition")));
    }

    @Test
    void partialExpressionAndNonUniqueIndexesAreNoUniqueKeys() {
        assertUniqueKeys(List.of("id"), Set.of(List.of("code", "region")), uniques.require("slug"));
    }

    @Test
    void aWithoutRowidTablesKeyIsListedOnce() {
        assertEquals(List.of(List.of("name")), uniqueKeys(uniques.require("setting")));
        assertEquals(List.of(List.of("k")), uniqueKeys(table("kv")));
        assertEquals(List.of(List.of("id")), uniqueKeys(table("counter")));
    }

    @Test
    void aWithoutRowidTablesCompositeKeyIsListedOnceInKeyOrder() {
        // PRIMARY KEY (b, a): the key's own index lists a, b in table order; it is the same key.
        assertUniqueKeys(List.of("b", "a"), Set.of(List.of("c")), uniques.require("pair"));
    }

    @Test
    void aCompositeKeyOfARowidTableIsListedOnceInKeyOrder() {
        // tag has PRIMARY KEY (name, book_id): its autoindex lists book_id, name; it is the same key.
        assertEquals(List.of(List.of("name", "book_id")), uniqueKeys(table("tag")));
    }

    @Test
    void aTableWithoutADeclaredKeyHasTheRowidThenItsUniqueColumns() {
        assertEquals(List.of(List.of("rowid"), List.of("handle")), uniqueKeys(uniques.require("note")));
        assertEquals(List.of(List.of("rowid")), uniqueKeys(table("log")));
    }

    @Test
    void aUniqueKeyDeclaredTwiceOrOnTheKeyIsListedOnce() {
        assertEquals(List.of(List.of("id"), List.of("n")), uniqueKeys(uniques.require("twice")));
    }

    @Test
    void aViewHasNoUniqueKeys() {
        assertEquals(List.of(), uniques.require("account_emails").uniqueKeys());
        assertEquals(List.of(), table("book_titles").uniqueKeys());
    }
}
