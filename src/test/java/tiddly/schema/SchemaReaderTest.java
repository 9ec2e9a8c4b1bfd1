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

    private static Schema schema;

    @BeforeAll
    static void readSchema(@TempDir Path directory) {
        Path file = directory.resolve("schema.db");
        Jdbi.create("jdbc:sqlite:" + file)
                .useHandle(handle -> handle.createScript(DDL).execute());
        try (Database database = Database.openSqlite(file)) {
            schema = database.readSchema(new SchemaReader(Set.of("password")));
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
        try (Database database = Database.openSqlite(file)) {
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
}
