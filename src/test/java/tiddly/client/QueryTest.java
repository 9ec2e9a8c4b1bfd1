package tiddly.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The QUERY bodies the builder makes, and the names it refuses, with no server. */
class QueryTest {
    private final TiddlyClient client = Offline.client();

    private static String json(Query query) {
        return Json.write(query.body());
    }

    @Test
    void everyBuilderStepBecomesItsKeyOfTheDocumentedBody() {
        Query query = client.table("book")
                .where(Map.of("genre", "sf"))
                .orderBy("year desc")
                .select("title", "year")
                .embed("author")
                .limit(20)
                .offset(40);
        assertEquals("""
                {"select":["title","year"],"where":{"genre":"sf"},"orderby":["year desc"],"embed":["author"],\
                "limit":20,"offset":40,"etag":true}""", json(query));
    }

    @Test
    void severalWheresAreAndedInTheOrderGiven() {
        Query query = client.table("author").where("{\"born\": {\"gt\": 1940}}").where(Map.of("name", "x"));
        assertEquals("{\"where\":{\"and\":[{\"born\":{\"gt\":1940}},{\"name\":\"x\"}]},\"etag\":true}", json(query));
    }

    @Test
    void orderTermsAreSplitOnCommasAndKeepTheirWords() {
        Query query = client.table("author").orderBy("born desc nulls last, name", "id");
        assertEquals("{\"orderby\":[\"born desc nulls last\",\"name\",\"id\"],\"etag\":true}", json(query));
    }

    @Test
    void eachStepReturnsANewQueryAndLeavesTheOldOneAlone() {
        Query all = client.table("book");
        Query sf = all.where(Map.of("genre", "sf"));
        sf.limit(3);
        assertEquals("{\"etag\":true}", json(all));
        assertEquals("{\"where\":{\"genre\":\"sf\"},\"etag\":true}", json(sf));
    }

    @Test
    void aViewsRowsAskForNoEtagSinceTheyCannotBeWritten() {
        assertEquals("{\"limit\":2}", json(client.table("book_in_print").limit(2)));
    }

    @Test
    void relationsAndTheLogicalWordsAreCheckedInsideTheWhere() {
        client.table("author").where("{\"book\": {\"has\": {\"genre\": \"sf\", \"year\": {\"gte\": 2010}}}}");
        client.table("book").where("{\"or\": [{\"id\": 1}, {\"not\": {\"title\": {\"like\": \"B%\"}}}]}");
        TiddlyClientException inOr = assertThrows(
                TiddlyClientException.class,
                () -> client.table("book").where("{\"or\": [{\"id\": 1}, {\"not\": {\"titel\": 2}}]}"));
        assertEquals("unknown column 'titel' in where of table 'book'", inOr.getMessage());
        TiddlyClientException inHas = assertThrows(
                TiddlyClientException.class,
                () -> client.table("book").where("{\"author\": {\"has\": {\"nam\": \"x\"}}}"));
        assertEquals("unknown column 'nam' in where of table 'author'", inHas.getMessage());
    }

    @Test
    void unknownNamesThrowWithTheServersCodesAndNoStatus() {
        TiddlyClientException table = assertThrows(TiddlyClientException.class, () -> client.table("books"));
        assertEquals("unknown_table", table.code());
        assertEquals(0, table.status());
        TiddlyClientException select = assertThrows(
                TiddlyClientException.class, () -> client.table("book").select("id", "name"));
        assertEquals("unknown column 'name' in select of table 'book'", select.getMessage());
        TiddlyClientException order = assertThrows(
                TiddlyClientException.class, () -> client.table("book").orderBy("year upward, "));
        assertEquals("invalid_orderby", order.code());
        TiddlyClientException embed = assertThrows(
                TiddlyClientException.class, () -> client.table("book").embed("user"));
        assertEquals("unknown_relation", embed.code());
        TiddlyClientException hidden = assertThrows(
                TiddlyClientException.class, () -> client.table("user").select("password"));
        assertEquals("column 'password' is hidden and cannot be used in select", hidden.getMessage());
        TiddlyClientException limit = assertThrows(
                TiddlyClientException.class, () -> client.table("book").limit(-1));
        assertEquals("invalid_limit", limit.code());
        TiddlyClientException notJson = assertThrows(
                TiddlyClientException.class, () -> client.table("book").where("{"));
        assertEquals("invalid_json", notJson.code());
    }
}
