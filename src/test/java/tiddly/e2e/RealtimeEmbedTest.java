package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * Live queries with {@code embed}: an inserted or updated row carries its related rows exactly as
 * a query by the same caller shows them (the embedded tables' rules and hidden columns apply); a
 * deleted row carries none. Streams whose rules make the same embed share one read per change.
 */
class RealtimeEmbedTest {
    private static final String WRITER = "writer-key-0123456789abcdef";
    private static final String OLD = "old-key-0123456789abcdef";
    private static final String YOUNG = "young-key-0123456789abcdef";
    private static final String CONFIG = """
            {
              "auth": {"api_keys": {"%s": "writer", "%s": "old", "%s": "young"}},
              "rules": {
                "writer": {"book": {"read": true, "insert": true, "update": true, "delete": true}, "author": {"update": true}},
                "old": {"book": {"read": true}, "author": {"read": {"where": {"born": {"lt": 1940}}}, "hidden": ["born"]}},
                "young": {"book": {"read": true}, "genre": {"read": true}, "author": {"read": {"where": {"born": {"gte": 1940}}}}}
              }
            }""".formatted(WRITER, OLD, YOUNG);

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfigText(CONFIG);

    private SseClient stream(String key, String path) {
        SseClient client = SseClient.get(server.port(), path, Map.of("X-API-Key", key));
        assertEquals(200, client.status(), client.status() == 200 ? "" : client.body());
        client.ready();
        return client;
    }

    /** Book {@code id} as a GET by the same caller shows it, shaped by {@code shape}. */
    private JsonObject read(String key, int id, String shape) {
        String body = server.http()
                .header("X-API-Key", key)
                .when()
                .get("/book" + shape + "&id=" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return JsonParser.parseString(body)
                .getAsJsonObject()
                .getAsJsonArray("data")
                .get(0)
                .getAsJsonObject();
    }

    private int insertBook(String title, int author) {
        return server.http()
                .header("X-API-Key", WRITER)
                .body("{\"title\": \"" + title + "\", \"author_id\": " + author + ", \"genre\": \"sf\"}")
                .when()
                .post("/book")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
    }

    @Test
    void anInsertAndAnUpdateCarryTheirEmbedsAsAQueryShowsThemAndADeleteCarriesNone() {
        String shape = "?select=id,title,genre&embed=author,genre";
        try (SseClient events = stream(YOUNG, "/book" + shape)) {
            int id = insertBook("Embedded", 2);
            JsonObject insert = events.next("insert").row();
            assertEquals(read(YOUNG, id, shape), insert);
            assertEquals(
                    "Terry Pratchett",
                    insert.getAsJsonObject("author").get("name").getAsString());
            assertEquals(
                    "Science fiction",
                    insert.getAsJsonObject("genre").get("name").getAsString());

            server.http()
                    .header("X-API-Key", WRITER)
                    .body("{\"author_id\": 3}")
                    .when()
                    .put("/book/" + id)
                    .then()
                    .statusCode(200);
            JsonObject update = events.next("update").row();
            assertEquals(read(YOUNG, id, shape), update);
            assertEquals(
                    "Octavia E. Butler",
                    update.getAsJsonObject("author").get("name").getAsString());

            server.http()
                    .header("X-API-Key", WRITER)
                    .when()
                    .delete("/book/" + id)
                    .then()
                    .statusCode(200);
            JsonObject delete = events.next("delete").row();
            assertEquals(JsonParser.parseString("{\"id\": " + id + ", \"title\": \"Embedded\"}"), delete);
        }
    }

    @Test
    void eachRoleGetsTheEmbedsItsOwnRulesAllow() {
        String shape = "?select=id,title&embed=author";
        try (SseClient old = stream(OLD, "/book" + shape);
                SseClient young = stream(YOUNG, "/book" + shape)) {
            int id = insertBook("By Ursula", 1); // born 1929: old may read her, young may not
            JsonObject seenByOld = old.next("insert").row();
            JsonObject seenByYoung = young.next("insert").row();
            assertEquals(read(OLD, id, shape), seenByOld);
            assertEquals(read(YOUNG, id, shape), seenByYoung);
            assertEquals(
                    JsonParser.parseString("{\"id\": 1, \"name\": \"Ursula K. Le Guin\"}"),
                    seenByOld.get("author"),
                    "old's hidden column 'born' is not embedded");
            assertTrue(seenByYoung.get("author").isJsonNull(), seenByYoung.toString());
        }
    }

    @Test
    void aOneToManyEmbedWithABodyFollowsTheChangedRow() {
        String body = """
                {"where": {"id": 2}, "select": ["name"],
                 "embed": {"book": {"select": ["title"], "where": {"year": {"gte": 2010}}, "orderby": "year"}}}""";
        try (SseClient events = SseClient.query(server.port(), "/author", body, Map.of("X-API-Key", YOUNG))) {
            assertEquals(200, events.status(), events.status() == 200 ? "" : events.body());
            events.ready();
            server.http()
                    .header("X-API-Key", WRITER)
                    .body("{\"name\": \"Sir Terry Pratchett\"}")
                    .when()
                    .put("/author/2")
                    .then()
                    .statusCode(200);
            JsonObject update = events.next("update").row();
            JsonObject expected = JsonParser.parseString(server.http()
                            .header("X-API-Key", YOUNG)
                            .body(body)
                            .when()
                            .request("QUERY", "/author")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString())
                    .getAsJsonObject()
                    .getAsJsonArray("data")
                    .get(0)
                    .getAsJsonObject();
            assertEquals(expected, update);
            assertTrue(update.getAsJsonArray("book").size() > 0, update.toString());
        }
    }

    @Test
    void embeddingATableTheRoleMayNotReadIsTheUsualErrorBeforeAnyStream() {
        SseClient refused = SseClient.get(server.port(), "/book?embed=author", Map.of("X-API-Key", WRITER));
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.body().contains("\"status\":\"error\""), refused.body());
    }

    /** Statements run for one insert by the writer, its events delivered to every stream. */
    private long insertCost(List<SseClient> streams, String title) {
        long before = server.statements();
        insertBook(title, 1);
        for (SseClient stream : streams) {
            assertEquals(title, stream.next("insert").row().get("title").getAsString());
        }
        return server.statements() - before;
    }

    @Test
    void streamsWhoseRulesMakeTheSameEmbedShareOneReadPerChange() {
        String path = "/book?select=id,title&embed=author";
        List<SseClient> streams = new ArrayList<>();
        try {
            streams.add(stream(OLD, path));
            long one = insertCost(streams, "For one");
            for (int i = 0; i < 9; i++) {
                streams.add(stream(OLD, path));
            }
            assertEquals(one, insertCost(streams, "For ten"), "ten streams of one role: the same reads as one");
            streams.add(stream(YOUNG, path));
            assertEquals(one + 1, insertCost(streams, "For two roles"), "another role's rules: one more read");
        } finally {
            streams.forEach(SseClient::close);
        }
    }
}
