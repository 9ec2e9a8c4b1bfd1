package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.client.Auth;
import tiddly.client.ConflictException;
import tiddly.client.Row;
import tiddly.client.TiddlyClient;
import tiddly.client.TiddlyClientException;
import tiddly.testing.TiddlyServer;

/**
 * The Java client (tiddly.client) against a running server, through its public API only: queries,
 * cursors, rows that save their changes with If-Match, conflicts, batches with back-references.
 */
class JavaClientTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    private TiddlyClient client() {
        return TiddlyClient.connect(URI.create("http://127.0.0.1:" + server.port()), Auth.none());
    }

    private static List<Object> column(List<Row> rows, String name) {
        return rows.stream().map(row -> row.get(name)).toList();
    }

    @Test
    void aQueryReturnsTheRowsTheSameBodyReturnsOverHttp() {
        List<Row> rows = client().table("book")
                .where(Map.of("genre", "sf", "year", Map.of("gte", 1990)))
                .orderBy("year desc")
                .select("id", "title", "year")
                .limit(3)
                .all();
        List<Integer> ids = server.http()
                .body("""
                        {"where": {"genre": "sf", "year": {"gte": 1990}}, "orderby": "year desc",
                         "select": ["id"], "limit": 3}""")
                .when()
                .request("QUERY", "/book")
                .then()
                .statusCode(200)
                .extract()
                .path("data.id");
        assertEquals(ids.stream().map(Long::valueOf).toList(), column(rows, "id"));
        assertEquals(
                List.of("id", "title", "year"), List.copyOf(rows.get(0).values().keySet()));
    }

    @Test
    void whereTakesJsonTextAndSeveralWheresAreAnded() {
        List<Row> rows = client().table("author")
                .where("{\"born\": {\"gt\": 1940}}")
                .where(Map.of("born", Map.of("lte", 1964)))
                .orderBy("id")
                .all();
        assertEquals(List.of(2L, 3L, 8L), column(rows, "id"));
    }

    @Test
    void firstOneCountAndGetReadWhatTheyName() {
        TiddlyClient client = client();
        assertEquals(
                "Terry Pratchett",
                client.table("author").where(Map.of("id", 2)).one().get("name"));
        assertEquals(
                Optional.empty(), client.table("author").where(Map.of("id", 99)).first());
        assertEquals(
                1L,
                client.table("author")
                                .orderBy("born desc")
                                .first()
                                .orElseThrow()
                                .get("id")
                                .equals(9L)
                        ? 1L
                        : 0L);
        assertEquals(15, client.table("book").where(Map.of("genre", "sf")).count());
        assertEquals("Science fiction", client.table("genre").get("sf").get("name"));
        TiddlyClientException notOne = assertThrows(
                TiddlyClientException.class, () -> client.table("author").one());
        assertEquals("not_exactly_one", notOne.code());
        TiddlyClientException missing = assertThrows(
                TiddlyClientException.class, () -> client.table("author").get(99));
        assertEquals(404, missing.status());
        assertEquals("row_not_found", missing.code());
        assertTrue(missing.requestId().isPresent());
    }

    @Test
    void unknownNamesThrowWhileTheQueryIsBuiltBeforeAnyRequest() {
        TiddlyClient client = client();
        TiddlyClientException table = assertThrows(TiddlyClientException.class, () -> client.table("books"));
        assertEquals("unknown_table", table.code());
        assertEquals(0, table.status());
        TiddlyClientException where = assertThrows(
                TiddlyClientException.class, () -> client.table("book").where(Map.of("titel", "x")));
        assertEquals("unknown column 'titel' in where of table 'book'", where.getMessage());
        assertThrows(TiddlyClientException.class, () -> client.table("book").orderBy("yeer desc"));
        assertThrows(TiddlyClientException.class, () -> client.table("book").select("id", "name"));
        assertThrows(TiddlyClientException.class, () -> client.table("book").embed("publisher"));
        TiddlyClientException hidden = assertThrows(
                TiddlyClientException.class, () -> client.table("user").where("{\"password\": {\"like\": \"$2b%\"}}"));
        assertEquals("hidden_column", hidden.code());
        TiddlyClientException nested = assertThrows(
                TiddlyClientException.class,
                () -> client.table("author").where("{\"book\": {\"has\": {\"or\": [{\"yeer\": 1}]}}}"));
        assertEquals("unknown column 'yeer' in where of table 'book'", nested.getMessage());
    }

    @Test
    void streamWalksEveryPageThroughNextCursors() {
        List<Row> rows =
                client().table("book").orderBy("year desc").limit(7).stream().toList();
        assertEquals(60, rows.size());
        assertEquals(60, rows.stream().map(row -> row.get("id")).distinct().count());
        List<Row> sf = client().table("book").where(Map.of("genre", "sf")).offset(2).limit(4).stream()
                .toList();
        assertEquals(13, sf.size());
    }

    @Test
    void embeddedRelationsAreRowsOfTheirOwn() {
        Row book = client().table("book").where(Map.of("id", 1)).embed("author").one();
        assertEquals("Ursula K. Le Guin", book.getRow("author").orElseThrow().get("name"));
        Row author =
                client().table("author").where(Map.of("id", 3)).embed("book").one();
        assertEquals(6, author.getRows("book").size());
    }

    @Test
    void saveSendsTheChangedColumnsWithIfMatchAndTakesTheNewETag() {
        Row book = client().table("book").get(1);
        String before = book.etag().orElseThrow();
        assertFalse(book.isDirty());
        book.set("title", "The Left Hand of Darkness");
        assertEquals(Map.of("title", "The Left Hand of Darkness"), book.changes());
        book.save();
        assertFalse(book.isDirty());
        assertNotEquals(before, book.etag().orElseThrow());
        assertEquals("The Left Hand of Darkness", server.scalar("SELECT title FROM book WHERE id = 1"));
        assertEquals(1987, server.scalar("SELECT year FROM book WHERE id = 1"));
    }

    @Test
    void aRowReadByAQueryCanBeSavedToo() {
        Row author = client().table("author").where(Map.of("id", 10)).one();
        author.set("born", 1900).save();
        assertEquals(1900, server.scalar("SELECT born FROM author WHERE id = 10"));
    }

    @Test
    void aStaleSaveThrowsAConflictHoldingTheServersCurrentRow() {
        Row book = client().table("book").get(2);
        client().table("book").get(2).set("year", 1999).save(); // someone else, meanwhile
        book.set("title", "Mine");
        ConflictException conflict = assertThrows(ConflictException.class, book::save);
        assertEquals(412, conflict.status());
        assertEquals("etag_mismatch", conflict.code());
        Row current = conflict.current().orElseThrow();
        assertEquals(1999L, current.get("year"));
        current.set("title", "Mine").save();
        assertEquals("Mine", server.scalar("SELECT title FROM book WHERE id = 2"));
        assertEquals(1999, server.scalar("SELECT year FROM book WHERE id = 2"));
    }

    @Test
    void deleteSendsIfMatchAndAStaleDeleteIsAConflict() {
        TiddlyClient client = client();
        Row created = client.table("author").create(Map.of("name", "Ann Leckie"));
        Row stale = client.table("author").get(created.get("id"));
        created.set("born", 1966).save();
        assertThrows(ConflictException.class, stale::delete);
        created.delete();
        assertTrue(created.isDeleted());
        assertEquals(0, server.scalar("SELECT count(*) FROM author WHERE name = 'Ann Leckie'"));
    }

    @Test
    void createReturnsTheStoredRowWithItsKeyAndDefaults() {
        Row book = client().table("book").create(Map.of("title", "Kindred", "author_id", 3, "year", 1979));
        assertEquals(61L, book.get("id"));
        assertEquals(true, book.get("in_print"));
        assertFalse(book.isNew());
        assertTrue(book.etag().isPresent());
    }

    @Test
    void saveWritesNewRowsAndTheUnsavedRowsTheyReferToInOneBatch() {
        TiddlyClient client = client();
        Row author = client.table("author").newRow(Map.of("name", "Becky Chambers", "born", 1985));
        Row book = client.table("book").newRow(Map.of("title", "The Long Way", "year", 2014));
        book.set("author", author);
        Row changed = client.table("genre").get("sf").set("name", "Speculative fiction");
        client.save(book, changed);
        long authorId = (Long) author.get("id");
        assertEquals(authorId, book.get("author_id"));
        assertFalse(author.isDirty() || book.isDirty() || changed.isDirty());
        assertEquals(
                authorId,
                ((Number) server.scalar("SELECT author_id FROM book WHERE title = 'The Long Way'")).longValue());
        assertEquals("Speculative fiction", server.scalar("SELECT name FROM genre WHERE code = 'sf'"));
    }

    @Test
    void aFailedBatchWritesNothingAndKeepsTheRowsUnsaved() {
        TiddlyClient client = client();
        Row author = client.table("author").newRow(Map.of("name", "Nobody Saved"));
        Row book =
                client.table("book").newRow(Map.of("title", "Bad", "year", -5)).set("author_id", author);
        TiddlyClientException failed = assertThrows(TiddlyClientException.class, () -> client.save(book));
        assertEquals(409, failed.status());
        assertEquals("check_violation", failed.code());
        assertEquals(0, server.scalar("SELECT count(*) FROM author WHERE name = 'Nobody Saved'"));
        assertTrue(author.isNew() && book.isNew());
    }

    @Test
    void aStaleRowInABatchIsAConflictWithTheCurrentRow() {
        TiddlyClient client = client();
        Row stale = client.table("author").get(4);
        client().table("author").get(4).set("born", 1924).save(); // someone else, meanwhile
        Row fresh = client.table("author").newRow(Map.of("name", "Fresh"));
        stale.set("name", "Calvino");
        ConflictException conflict = assertThrows(ConflictException.class, () -> client.save(fresh, stale));
        assertEquals(1924L, conflict.current().orElseThrow().get("born"));
        assertEquals(0, server.scalar("SELECT count(*) FROM author WHERE name = 'Fresh'"));
    }

    @Test
    void errorsCarryTheEnvelopesStatusCodeDetailsAndRequestId() {
        TiddlyClientException error = assertThrows(
                TiddlyClientException.class, () -> client().table("book").create(Map.of("year", 2001)));
        assertEquals(400, error.status());
        assertEquals("invalid_value", error.code());
        assertEquals(Map.of("title", "is required", "author_id", "is required"), error.details());
        assertTrue(error.requestId().orElseThrow().matches("[0-9a-f]{16}"));
    }
}
