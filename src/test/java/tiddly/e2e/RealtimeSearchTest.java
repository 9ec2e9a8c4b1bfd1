package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.sql.Engine;
import tiddly.sql.SearchIndexes;
import tiddly.testing.SseClient;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * Filters a stream cannot check on a changed row are refused before it starts, as the usual 400
 * envelope, while the same filters still work in queries: a full-text {@code search} (the engine
 * matches its index, not a row) and paths inside JSON columns.
 */
class RealtimeSearchTest {
    @RegisterExtension
    final TiddlyServer server = withIndex(TiddlyServer.sample()
            .withFixture("CREATE TABLE story (id INTEGER PRIMARY KEY, title TEXT, meta JSON)")
            .withFixture("INSERT INTO story VALUES (1, 'Dune', '{\"color\": \"red\"}')"));

    private static TiddlyServer withIndex(TiddlyServer server) {
        Engine engine = Engine.valueOf(TestDatabase.current().name());
        SearchIndexes.create(engine, "story", java.util.List.of("title")).forEach(server::withFixture);
        return server;
    }

    private JsonObject refusal(String where) {
        server.http()
                .body("{\"where\": " + where + "}")
                .when()
                .request("FETCH", "/story")
                .then()
                .statusCode(200);
        SseClient stream =
                SseClient.get(server.port(), "/story?where=" + URLEncoder.encode(where, StandardCharsets.UTF_8));
        assertEquals(400, stream.status(), stream.body());
        return JsonParser.parseString(stream.body()).getAsJsonObject();
    }

    @Test
    void aFullTextSearchIsRefusedWithAClearErrorEvenInsideOr() {
        JsonObject error = refusal("{\"or\": [{\"id\": 7}, {\"title\": {\"search\": \"dune\"}}]}");
        assertEquals("invalid_stream", error.get("code").getAsString());
        assertEquals(
                "a stream cannot filter by full-text 'search': the engine matches rows of its index, not a changed"
                        + " row; filter the events with other operators and search with a query",
                error.get("error").getAsString());
    }

    @Test
    void aPathInsideAJsonColumnIsRefusedWithAClearError() {
        JsonObject error = refusal("{\"meta\": {\"path\": [\"color\"], \"eq\": \"red\"}}");
        assertEquals("invalid_stream", error.get("code").getAsString());
        assertEquals(
                "a stream cannot filter on a path inside a JSON column: filter the events with other operators,"
                        + " or compare the whole column",
                error.get("error").getAsString());
    }
}
