package tiddly.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dirty tracking and references of rows, with no server. */
class RowTest {
    private final TiddlyClient client = Offline.client();

    private Row book() {
        return Offline.read(client, "book", """
                {"id": 1, "title": "Book 1", "year": 1987, "author_id": 1, "genre": "fantasy", "in_print": true,
                 "_etag": "\\"abc\\""}""");
    }

    @Test
    void aReadRowIsCleanAndKeepsItsEtagApartFromItsValues() {
        Row book = book();
        assertFalse(book.isDirty());
        assertEquals(Set.of(), book.dirty());
        assertEquals("\"abc\"", book.etag().orElseThrow());
        assertEquals(
                List.of("id", "title", "year", "author_id", "genre", "in_print"),
                List.copyOf(book.values().keySet()));
        assertEquals(1987L, book.get("year"));
        assertEquals(true, book.getBoolean("in_print"));
    }

    @Test
    void onlyChangedColumnsAreDirtyAndSettingTheReadValueBackCleansThem() {
        Row book = book();
        book.set("title", "Renamed").set("year", 1987);
        assertEquals(Set.of("title"), book.dirty());
        assertEquals("{\"title\":\"Renamed\"}", Json.write(new SavePlan(List.of(book)).body(book)));
        book.set("title", "Book 1");
        assertFalse(book.isDirty());
    }

    @Test
    void aNewRowIsDirtyAndSendsEveryColumnItWasGiven() {
        Row author = client.table("author").newRow(Map.of("name", "Ann"));
        assertTrue(author.isNew());
        assertTrue(author.isDirty());
        author.set("born", null);
        assertEquals("{\"name\":\"Ann\",\"born\":null}", Json.write(new SavePlan(List.of(author)).body(author)));
    }

    @Test
    void aColumnTheTableLacksCannotBeSet() {
        TiddlyClientException error = assertThrows(TiddlyClientException.class, () -> book().set("titel", "x"));
        assertEquals("unknown column 'titel' in a row of table 'book'", error.getMessage());
        client.table("user").newRow(Map.of("name", "Eve", "password", "secret")); // hidden, but writable
    }

    @Test
    void aSavedRowAsAValueSetsTheForeignKeyToItsKey() {
        Row author = Offline.read(client, "author", "{\"id\": 7, \"name\": \"Lem\", \"born\": 1921}");
        Row book = book().set("author", author);
        assertEquals(Map.of("author_id", 7L), book.changes());
        Row genre = Offline.read(client, "genre", "{\"code\": \"sf\", \"name\": \"SF\"}");
        assertEquals("sf", book.set("genre", genre).get("genre"));
        assertThrows(TiddlyClientException.class, () -> book.set("title", author));
    }

    @Test
    void anUnsavedRowAsAValueIsAReferenceUntilItIsSaved() {
        Row author = client.table("author").newRow(Map.of("name", "New"));
        Row book = book().set("author_id", author);
        assertSame(author, book.get("author_id"));
        assertEquals(Set.of("author_id"), book.dirty());
        book.set("author_id", 1);
        assertFalse(book.isDirty());
    }

    @Test
    void embeddedRelationsBecomeRowsOfTheirTables() {
        Row book = Offline.read(client, "book", """
                {"id": 1, "title": "Book 1", "genre": {"code": "fantasy", "name": "Fantasy"},
                 "author": {"id": 1, "name": "Ursula K. Le Guin", "born": 1929}}""");
        assertEquals("author", book.getRow("author").orElseThrow().table());
        assertEquals("Fantasy", book.getRow("genre").orElseThrow().get("name"));
        assertFalse(book.values().containsKey("author"));
        Row author = Offline.read(client, "author", "{\"id\": 1, \"book\": [{\"id\": 1}, {\"id\": 11}]}");
        assertEquals(2, author.getRows("book").size());
    }

    @Test
    void aRowReadWithoutItsKeyCannotBeAddressed() {
        Row titleOnly = Offline.read(client, "book", "{\"title\": \"Book 1\"}");
        TiddlyClientException error = assertThrows(TiddlyClientException.class, titleOnly::key);
        assertEquals("no_key", error.code());
        Row pair = Offline.read(client, "book_genre", "{\"book_id\": 1, \"genre\": \"sf\", \"main\": false}");
        assertEquals(Map.of("book_id", 1L, "genre", "sf"), pair.key());
    }
}
