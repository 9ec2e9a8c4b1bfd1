package tiddly.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order and back-references of the batch that client.save sends, with no server. */
class SavePlanTest {
    private final TiddlyClient client = Offline.client();

    /** The batch as JSON, compared as values: the order of an object's members does not count. */
    private static JsonElement operations(Row... rows) {
        return JsonParser.parseString(Json.write(new SavePlan(List.of(rows)).operations()));
    }

    private static JsonElement json(String text) {
        return JsonParser.parseString(text);
    }

    @Test
    void unsavedRowsReferredToComeFirstAndAreReferredToByIndex() {
        Row author = client.table("author").newRow(Map.of("name", "Ann Leckie"));
        Row genre = client.table("genre").newRow(Map.of("code", "space", "name", "Space opera"));
        Row book = client.table("book").newRow(Map.of("title", "Ancillary Justice"));
        book.set("author", author).set("genre", genre);
        assertEquals(json("""
                [{"table":"author","method":"POST","body":{"name":"Ann Leckie"}},\
                {"table":"genre","method":"POST","body":{"code":"space","name":"Space opera"}},\
                {"table":"book","method":"POST","body":{"title":"Ancillary Justice",\
                "author_id":{"$ref":"0.id"},"genre":{"$ref":"1.code"}}}]"""), operations(book));
    }

    @Test
    void changedRowsArePutByKeyWithTheirEtagAndCleanRowsAreLeftOut() {
        Row author = client.table("author").newRow(Map.of("name", "New"));
        Row changed = Offline.read(
                        client, "book", "{\"id\": 5, \"title\": \"Old\", \"author_id\": 1, \"_etag\": \"\\\"e5\\\"\"}")
                .set("author_id", author);
        Row clean = Offline.read(client, "book", "{\"id\": 6, \"title\": \"Same\"}");
        assertEquals(json("""
                [{"table":"author","method":"POST","body":{"name":"New"}},\
                {"table":"book","method":"PUT","key":5,"if_match":"\\"e5\\"","body":{"author_id":{"$ref":"0.id"}}}]"""), operations(clean, changed));
    }

    @Test
    void aRowReferredToByManyIsSavedOnceBeforeAllOfThem() {
        Row author = client.table("author").newRow(Map.of("name", "Once"));
        Row first = client.table("book").newRow(Map.of("title", "One")).set("author", author);
        Row second = client.table("book").newRow(Map.of("title", "Two")).set("author", author);
        SavePlan plan = new SavePlan(List.of(first, author, second));
        assertEquals(List.of(author, first, second), plan.rows());
    }

    @Test
    void aCompositeKeyGoesIntoTheBody() {
        Row pair = Offline.read(client, "book_genre", "{\"book_id\": 1, \"genre\": \"sf\", \"main\": false}")
                .set("main", true);
        assertEquals(
                json(
                        "[{\"table\":\"book_genre\",\"method\":\"PUT\",\"body\":{\"main\":true,\"book_id\":1,\"genre\":\"sf\"}}]"),
                operations(pair));
    }

    @Test
    void newRowsThatReferToEachOtherAreACycle() {
        Row chicken = client.table("chicken").newRow(Map.of());
        Row egg = client.table("egg").newRow(Map.of()).set("chicken", chicken);
        chicken.set("egg", egg);
        TiddlyClientException error = assertThrows(TiddlyClientException.class, () -> new SavePlan(List.of(egg)));
        assertEquals("reference_cycle", error.code());
    }
}
