package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.Settings;
import tiddly.TiddlyException;
import tiddly.query.Fetch;
import tiddly.request.Call;
import tiddly.request.Cursors;
import tiddly.request.RequestParser;
import tiddly.schema.Schema;
import tiddly.schema.SchemaReader;

/** Reads against a real SQLite file: the page streamed, the next position, embeds stitched, helpers dropped. */
class ReaderTest {
    private static final String DDL = """
        CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER);
        CREATE TABLE book (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            year INTEGER,
            genre TEXT,
            in_print BOOLEAN,
            author_id INTEGER REFERENCES author(id),
            password TEXT
        );
        CREATE TABLE tag (
            book_id INTEGER NOT NULL REFERENCES book(id),
            name TEXT NOT NULL,
            PRIMARY KEY (book_id, name)
        );
        INSERT INTO author (id, name, born) VALUES (1, 'Herbert', 1920), (2, 'Austen', 1775), (3, 'Nobody', NULL);
        INSERT INTO book (id, title, year, genre, in_print, author_id, password) VALUES
            (1, 'Dune', 1965, 'sf', 1, 1, 's1'),
            (2, 'Emma', 1815, 'novel', 1, 2, 's2'),
            (3, 'Persuasion', 1817, 'novel', 0, 2, 's3'),
            (4, 'Beowulf', NULL, NULL, NULL, NULL, 's4'),
            (5, 'Children of Dune', 1976, 'sf', 0, 1, 's5'),
            (6, 'Sense and Sensibility', 1811, 'novel', 1, 2, NULL);
        INSERT INTO tag (book_id, name) VALUES (1, 'classic'), (1, 'desert'), (2, 'classic'), (5, 'desert');
        CREATE VIEW book_titles AS SELECT id, title FROM book;
        """;

    @TempDir
    Path directory;

    private Database database;
    private RequestParser parser;
    private Reader reader;
    private final Cursors cursors = new Cursors("reader test".getBytes(StandardCharsets.UTF_8));

    @BeforeEach
    void createDatabase() {
        Path file = directory.resolve("test.db");
        Jdbi.create("jdbc:sqlite:" + file)
                .useHandle(handle -> handle.createScript(DDL).execute());
        database = Database.openSqlite(file, Settings.Durability.NORMAL);
        Schema schema = database.readSchema(new SchemaReader(Set.of("password")));
        parser = new RequestParser(schema, 100, false, cursors);
        reader = new Reader(database.dialect());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    // ---- helpers

    private Fetch fetch(String table, String body) {
        return (Fetch) parser.parse(Call.of("FETCH", table, Optional.empty(), body));
    }

    /** A page as the http stage gets it: the rows handed to the sink, and the next position. */
    private record Streamed(List<Map<String, Object>> rows, Optional<List<Object>> next) {
        List<Object> column(String name) {
            return rows.stream().map(row -> row.get(name)).toList();
        }
    }

    private Streamed read(Fetch fetch) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Optional<List<Object>> next = reader.read(database, fetch, rows::add);
        return new Streamed(rows, next);
    }

    private Streamed read(String table, String body) {
        return read(fetch(table, body));
    }

    /** Reads the page and returns how many statements it ran. */
    private long statementsOf(Fetch fetch) {
        long before = database.statementsRun();
        read(fetch);
        return database.statementsRun() - before;
    }

    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    /** Every id of the table in this order, paged by following the next position as a cursor. */
    private List<Object> paged(String table, String orderby, int size) {
        List<Object> ids = new ArrayList<>();
        String body = "{\"orderby\": \"" + orderby + "\", \"limit\": " + size;
        Streamed page = read(table, body + "}");
        ids.addAll(page.column("id"));
        while (page.next().isPresent()) {
            String cursor = cursors.encode(fetch(table, body + "}"), page.next().get());
            page = read(table, body + ", \"cursor\": \"" + cursor + "\"}");
            ids.addAll(page.column("id"));
        }
        return ids;
    }

    // ---- the page

    @Test
    void aPageStreamsItsRowsInOrderAndGivesTheNextPositionWhenMoreRowsExist() {
        Streamed page = read("book", """
            {"select": ["id", "title"], "orderby": "year desc", "limit": 2}""");
        assertEquals(List.of(row("id", 5L, "title", "Children of Dune"), row("id", 1L, "title", "Dune")), page.rows());
        assertEquals(Optional.of(List.of(1965L, 1L)), page.next());
    }

    @Test
    void theLastPageHasNoNextPosition() {
        assertEquals(Optional.empty(), read("book", """
            {"limit": 6}""").next());
        assertEquals(Optional.of(List.of(5L)), read("book", """
            {"limit": 5}""").next());
        assertEquals(6, read("book", """
            {"limit": 6}""").rows().size());
        assertEquals(Optional.empty(), read("book", """
            {"limit": 4, "offset": 2}""").next());
        assertEquals(Optional.empty(), read("book", """
            {"limit": 0}""").next());
    }

    @Test
    void aPageOfAViewHasNoNextPositionForItHasNoKeyToPageBy() {
        Streamed page = read("book_titles", """
            {"orderby": "title", "limit": 2}""");
        assertEquals(
                List.of(row("id", 4L, "title", "Beowulf"), row("id", 5L, "title", "Children of Dune")), page.rows());
        assertEquals(Optional.empty(), page.next());
    }

    @Test
    void aPageIsOneStatement() {
        assertEquals(1, statementsOf(fetch("book", """
            {"limit": 2, "select": ["title"]}""")));
    }

    @Test
    void aNullPositionValueIsKept() {
        Streamed page = read("book", """
            {"select": ["id"], "orderby": "year", "limit": 1}""");
        assertEquals(List.of(row("id", 4L)), page.rows());
        assertEquals(Optional.of(Arrays.asList(null, 4L)), page.next());
    }

    @Test
    void followingTheNextPositionVisitsEveryRowOnceInOrder() {
        for (String orderby : List.of(
                "id",
                "year",
                "year desc",
                "genre, year",
                "genre desc nulls first, year",
                "genre nulls last, title desc",
                "in_print, title desc",
                "in_print desc nulls last, year nulls first")) {
            List<Object> all =
                    read("book", "{\"orderby\": \"" + orderby + "\"}").column("id");
            assertEquals(6, all.size());
            for (int size = 1; size <= 4; size++) {
                assertEquals(all, paged("book", orderby, size), orderby + " by " + size);
            }
        }
        assertEquals(List.of(3L, 2L, 1L), paged("author", "born nulls first", 1));
        assertEquals(List.of(2L, 1L, 3L), paged("author", "born nulls last", 2));
    }

    @Test
    void onlyTheAskedColumnsLeaveAndTheHelperColumnsStillGiveThePosition() {
        Streamed page = read("book", """
            {"select": ["title"], "orderby": "genre desc", "limit": 3}""");
        assertEquals(
                List.of(row("title", "Children of Dune"), row("title", "Dune"), row("title", "Sense and Sensibility")),
                page.rows());
        assertEquals(List.of("title"), List.copyOf(page.rows().get(0).keySet()));
        assertEquals(Optional.of(List.of("novel", 6L)), page.next());
    }

    @Test
    void aVersionedRowKeepsItsEtagButNotItsHelpers() {
        Streamed page = read("book", """
            {"select": ["title"], "orderby": "year", "limit": 1, "etag": true}""");
        assertEquals(
                List.of("title", Database.ETAG), List.copyOf(page.rows().get(0).keySet()));
        assertEquals(Optional.of(Arrays.asList(null, 4L)), page.next());
    }

    @Test
    void everyVisibleColumnIsShownWhenNothingIsSelected() {
        assertEquals(
                List.of(row(
                        "id",
                        4L,
                        "title",
                        "Beowulf",
                        "year",
                        null,
                        "genre",
                        null,
                        "in_print",
                        null,
                        "author_id",
                        null)),
                read("book", """
                    {"where": {"id": 4}}""").rows());
    }

    // ---- count, groups and distinct

    @Test
    void theCountCountsEveryMatchingRowWhateverThePage() {
        assertEquals(3, reader.count(database, fetch("book", """
            {"where": {"genre": "novel"}, "limit": 1, "offset": 1, "count": true}""")));
        assertEquals(6, reader.count(database, fetch("book", "{}")));
    }

    @Test
    void theCountOfGroupsAndDistinctRowsCountsThem() {
        assertEquals(3, reader.count(database, fetch("book", """
            {"groupby": ["genre"], "limit": 1}""")));
        assertEquals(2, reader.count(database, fetch("book", """
            {"select": ["genre", {"count": "*"}], "groupby": ["genre"], "having": {"count": {"gte": 2}}}""")));
        assertEquals(3, reader.count(database, fetch("book", """
            {"select": ["author_id"], "distinct": true, "limit": 1}""")));
        assertEquals(1, reader.count(database, fetch("book", """
            {"select": [{"count": "*"}]}""")));
    }

    @Test
    void aggregatesComeBackUnderTheirAliasesInTheirOrder() {
        Streamed page = read("book", """
            {"select": ["genre", {"count": "*", "as": "books"}, {"max": "year"}, {"avg": "year"}],
             "groupby": ["genre"], "orderby": "books desc"}""");
        assertEquals(
                List.of(
                        row("genre", "novel", "books", 3L, "max_year", 1817L, "avg_year", 1814.3333333333333),
                        row("genre", "sf", "books", 2L, "max_year", 1976L, "avg_year", 1970.5),
                        row("genre", null, "books", 1L, "max_year", null, "avg_year", null)),
                page.rows());
        assertEquals(Optional.empty(), page.next());
    }

    @Test
    void havingFiltersTheGroupsByAnAggregate() {
        assertEquals(
                List.of(row("genre", "novel", "count", 3L)), read("book", """
                    {"select": ["genre", {"count": "*"}], "groupby": ["genre"], "having": {"count": {"gt": 2}}}""").rows());
    }

    @Test
    void aGroupedPageHasNoNextPosition() {
        Streamed page = read("book", """
            {"groupby": ["genre"], "limit": 1}""");
        assertEquals(List.of(row("genre", null)), page.rows());
        assertEquals(Optional.empty(), page.next());
    }

    @Test
    void distinctDropsDuplicateRows() {
        assertEquals(
                List.of(row("genre", "sf"), row("genre", "novel"), row("genre", null)),
                read("book", """
                    {"select": ["genre"], "distinct": true, "orderby": "genre desc"}""").rows());
    }

    @Test
    void distinctRowsWithAnEtagAreRefusedOrStayDistinct() {
        // A row's version hashes all its columns: it must not make rows of the same genre distinct.
        Fetch fetch;
        try {
            fetch = fetch("book", """
                {"select": ["genre"], "distinct": true, "orderby": "genre desc", "etag": true}""");
        } catch (TiddlyException refused) {
            assertEquals(400, refused.status());
            return;
        }
        Streamed page = read(fetch);
        assertEquals(List.of("sf", "novel"), page.column("genre").subList(0, 2));
        assertEquals(3, page.rows().size());
        assertEquals(3, reader.count(database, fetch));
    }

    @Test
    void minAndMaxOfABooleanColumnAreBooleans() {
        // "min and max keep the column's type" (SelectParser.type): so in the response as in having.
        assertEquals(
                List.of(row("min_in_print", false, "max_in_print", true)),
                read("book", """
                    {"select": [{"min": "in_print"}, {"max": "in_print"}]}""").rows());
    }

    // ---- embed

    @Test
    void aManyToOneEmbedIsTheRowOrNullWithOneStatement() {
        Fetch fetch = fetch("book", """
            {"select": ["title"], "where": {"id": {"in": [1, 2, 4, 5]}}, "embed": {"author": {"select": ["name"]}}}""");
        assertEquals(
                List.of(
                        row("title", "Dune", "author", row("name", "Herbert")),
                        row("title", "Emma", "author", row("name", "Austen")),
                        row("title", "Beowulf", "author", null),
                        row("title", "Children of Dune", "author", row("name", "Herbert"))),
                read(fetch).rows());
        assertEquals(2, statementsOf(fetch), "the page and one statement for the authors");
    }

    @Test
    void aOneToManyEmbedIsAnArrayOrEmptyWithItsOwnOrderAndPage() {
        Fetch fetch = fetch("author", """
            {"select": ["name"], "embed": {"book": {"select": ["title"], "orderby": "year desc", "limit": 2}}}""");
        assertEquals(
                List.of(
                        row("name", "Herbert", "book", List.of(row("title", "Children of Dune"), row("title", "Dune"))),
                        row("name", "Austen", "book", List.of(row("title", "Persuasion"), row("title", "Emma"))),
                        row("name", "Nobody", "book", List.of())),
                read(fetch).rows());
        assertEquals(2, statementsOf(fetch), "the page and one statement for every author's books");
    }

    @Test
    void aOneToManyEmbedsOffsetAppliesToEachParent() {
        assertEquals(
                List.of(
                        row("id", 1L, "book", List.of(row("title", "Dune"))),
                        row("id", 2L, "book", List.of(row("title", "Emma"), row("title", "Sense and Sensibility"))),
                        row("id", 3L, "book", List.of())),
                read("author", """
                    {"select": ["id"],
                     "embed": {"book": {"select": ["title"], "orderby": "year desc", "limit": 5, "offset": 1}}}""").rows());
    }

    @Test
    void anEmbedsWhereFiltersTheEmbeddedRows() {
        assertEquals(
                List.of(
                        row("name", "Herbert", "book", List.of(row("id", 1L), row("id", 5L))),
                        row("name", "Austen", "book", List.of()),
                        row("name", "Nobody", "book", List.of())),
                read("author", """
                    {"select": ["name"], "embed": {"book": {"select": ["id"], "where": {"genre": "sf"}}}}""").rows());
        assertEquals(
                List.of(row("id", 1L, "author", row("born", 1920L)), row("id", 2L, "author", null)),
                read("book", """
                    {"select": ["id"], "limit": 2,
                     "embed": {"author": {"select": ["born"], "where": {"born": {"gt": 1900}}}}}""").rows());
    }

    @Test
    void nestedEmbedsCostOneStatementPerRelation() {
        Fetch fetch = fetch("author", """
            {"select": ["name"], "where": {"id": {"lt": 3}},
             "embed": {"book": {"select": ["title"], "orderby": "year", "embed": {"tag": {"select": ["name"]}}}}}""");
        assertEquals(
                List.of(
                        row(
                                "name",
                                "Herbert",
                                "book",
                                List.of(
                                        row(
                                                "title",
                                                "Dune",
                                                "tag",
                                                List.of(row("name", "classic"), row("name", "desert"))),
                                        row("title", "Children of Dune", "tag", List.of(row("name", "desert"))))),
                        row(
                                "name",
                                "Austen",
                                "book",
                                List.of(
                                        row("title", "Sense and Sensibility", "tag", List.of()),
                                        row("title", "Emma", "tag", List.of(row("name", "classic"))),
                                        row("title", "Persuasion", "tag", List.of())))),
                read(fetch).rows());
        assertEquals(3, statementsOf(fetch), "authors, their books, the books' tags");
    }

    @Test
    void twoEmbedsOfOnePageAreTwoStatements() {
        Fetch fetch = fetch("book", """
            {"select": ["title"], "where": {"id": 1}, "embed": ["author", "tag"]}""");
        assertEquals(
                List.of(row(
                        "title",
                        "Dune",
                        "author",
                        row("id", 1L, "name", "Herbert", "born", 1920L),
                        "tag",
                        List.of(row("book_id", 1L, "name", "classic"), row("book_id", 1L, "name", "desert")))),
                read(fetch).rows());
        assertEquals(3, statementsOf(fetch));
    }

    @Test
    void aPageWithoutJoinValuesRunsNoEmbedStatement() {
        Fetch fetch = fetch("book", """
            {"select": ["title"], "where": {"id": 4}, "embed": ["author"]}""");
        assertEquals(
                List.of(row("title", "Beowulf", "author", null)), read(fetch).rows());
        assertEquals(1, statementsOf(fetch));
    }

    @Test
    void anEmbedsJoinAndOrderColumnsAreStrippedFromParentAndChild() {
        Streamed page = read("book", """
            {"select": ["title"], "orderby": "year desc", "limit": 1, "embed": {"author": {"select": ["name"]}}}""");
        assertEquals(List.of(row("title", "Children of Dune", "author", row("name", "Herbert"))), page.rows());
        assertEquals(List.of("title", "author"), List.copyOf(page.rows().get(0).keySet()));
        assertEquals(Optional.of(List.of(1976L, 5L)), page.next());
    }

    @Test
    void anEmbeddedPageGivesTheNextPositionOfItsParents() {
        Streamed page = read("author", """
            {"select": ["name"], "limit": 2, "embed": ["book"]}""");
        assertEquals(List.of("Herbert", "Austen"), page.column("name"));
        assertEquals(Optional.of(List.of(2L)), page.next());
    }

    @Test
    void anAggregateInAnEmbedIsRefusedOrRunsButNeverBreaksTheSql() {
        for (String body : List.of("""
                {"embed": {"book": {"select": [{"count": "*"}]}}}""", """
                {"embed": {"book": {"select": [{"max": "year", "as": "latest"}]}}}""")) {
            Fetch fetch;
            try {
                fetch = fetch("author", body);
            } catch (TiddlyException refused) {
                assertEquals(400, refused.status(), body);
                continue;
            }
            try {
                read(fetch);
            } catch (TiddlyException failed) {
                fail(body + " was accepted but failed in the database: " + failed.status() + " " + failed.code() + " "
                        + failed.getMessage());
            }
        }
    }

    @Test
    void distinctRowsWithAnEmbedAreRefusedOrGetTheirEmbeddedRows() {
        // DISTINCT selects only the shown columns, so the join column may be missing from the rows.
        String body = """
            {"select": ["name"], "distinct": true, "orderby": "name desc", "embed": {"book": {"select": ["id"]}}}""";
        Fetch fetch;
        try {
            fetch = fetch("author", body);
        } catch (TiddlyException refused) {
            assertEquals(400, refused.status());
            return;
        }
        assertEquals(
                List.of(
                        row("name", "Nobody", "book", List.of()),
                        row("name", "Herbert", "book", List.of(row("id", 1L), row("id", 5L))),
                        row("name", "Austen", "book", List.of(row("id", 2L), row("id", 3L), row("id", 6L)))),
                read(fetch).rows());
    }

    @Test
    void aCursorOverADateColumnHoldingNumbersIsTakenBack() {
        // SQLite gives DATETIME numeric affinity: epoch seconds stay integers, and the cursor carries them.
        Jdbi.create("jdbc:sqlite:" + directory.resolve("test.db"))
                .useHandle(handle -> handle.createScript("""
            CREATE TABLE event (id INTEGER PRIMARY KEY, at DATETIME);
            INSERT INTO event (id, at) VALUES (1, 1700000300), (2, 1700000100), (3, 1700000200), (4, '2024-01-01');
            """).execute());
        parser = new RequestParser(database.readSchema(new SchemaReader(Set.of())), 100, false, cursors);
        assertEquals(List.of(2L, 3L, 1L, 4L), paged("event", "at", 1));
    }

    @Test
    void aJoinColumnNamedLikeItsRelationStillPagesByItsValue() {
        // review.book refers to book: embedding "book" puts the book where the key was, but the cursor needs the key.
        Jdbi.create("jdbc:sqlite:" + directory.resolve("test.db"))
                .useHandle(handle -> handle.createScript("""
            CREATE TABLE review (id INTEGER PRIMARY KEY, book INTEGER REFERENCES book(id), stars INTEGER);
            INSERT INTO review (id, book, stars) VALUES (1, 5, 4), (2, 1, 5), (3, 2, 3);
            """).execute());
        parser = new RequestParser(database.readSchema(new SchemaReader(Set.of("password"))), 100, false, cursors);
        String body = """
            {"select": ["id", "book"], "orderby": "book", "limit": 2, "embed": {"book": {"select": ["title"]}}""";
        Streamed first = read("review", body + "}");
        assertEquals(
                List.of(row("id", 2L, "book", row("title", "Dune")), row("id", 3L, "book", row("title", "Emma"))),
                first.rows());
        assertEquals(Optional.of(List.of(2L, 3L)), first.next());
    }

    @Test
    void aReadInATransactionSeesItsWrites() {
        List<Object> titles = database.transaction(transaction -> {
            transaction.run(new SqlWriter(database.dialect())
                    .write(parser.parse(Call.of("POST", "book", Optional.empty(), """
                        {"id": 7, "title": "Mansfield Park", "author_id": 2}"""))));
            List<Object> seen = new ArrayList<>();
            new Reader(database.dialect()).read(transaction, fetch("author", """
                {"select": ["id"], "where": {"id": 2},
                 "embed": {"book": {"select": ["title"], "orderby": "id desc", "limit": 1}}}"""), row -> seen.add(row.get("book")));
            return seen;
        });
        assertEquals(List.of(List.of(row("title", "Mansfield Park"))), titles);
    }

    @Test
    void shownNamesTheColumnsTheEtagAndTheEmbeds() {
        assertEquals(List.of("title", Database.ETAG, "author"), List.copyOf(Reader.shown(fetch("book", """
                    {"select": ["title"], "etag": true, "embed": ["author"]}"""))));
        assertTrue(Reader.shown(fetch("book", "{}")).containsAll(List.of("id", "title", "year")));
        assertFalse(Reader.shown(fetch("book", "{}")).contains("password"));
    }
}
