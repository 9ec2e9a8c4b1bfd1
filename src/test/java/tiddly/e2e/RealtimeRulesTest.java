package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * Live queries under row rules: alice and bob own posts and never see each other's, in inserts,
 * updates or deletes; a role's hidden columns never show; who may not read gets the usual errors.
 */
class RealtimeRulesTest {
    private static final String OWN = "{\"owner\": \"$auth.role\"}";
    private static final String CONFIG = """
            {
              "auth": {"api_keys": {"alice-key-0123456789abcdef": "alice", "bob-key-0123456789abcdef": "bob", "reader-key-0123456789abcdef": "reader"}},
              "rules": {
                "alice": {"post": %1$s},
                "bob": {"post": %1$s},
                "reader": {"post": {"read": true, "hidden": ["secret"]}, "genre": {"read": true, "insert": true}}
              }
            }""".formatted("""
            {"read": {"where": %1$s}, "insert": {"set": {"owner": "$auth.role"}},
             "update": {"where": %1$s}, "delete": {"where": %1$s}, "read_only": ["owner"]}""".formatted(OWN));

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE post (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, body TEXT, secret TEXT)")
            .withConfigText(CONFIG);

    private SseClient stream(String key, String path) {
        SseClient client = SseClient.get(server.port(), path, Map.of("X-API-Key", key));
        assertEquals(200, client.status(), client.status() == 200 ? "" : client.body());
        client.ready();
        return client;
    }

    private int posts;

    private int post(String key, String body) {
        posts++;
        return server.http()
                .header("X-API-Key", key)
                .body("{\"id\": " + posts + ", \"body\": \"" + body + "\", \"secret\": \"s\"}")
                .when()
                .post("/post")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
    }

    @Test
    void twoUsersNeverSeeEachOthersRows() {
        try (SseClient alice = stream("alice-key-0123456789abcdef", "/post");
                SseClient bob = stream("bob-key-0123456789abcdef", "/post")) {
            int bobs = post("bob-key-0123456789abcdef", "b1");
            int alices = post("alice-key-0123456789abcdef", "a1");
            assertEquals(bobs, bob.next("insert").row().get("id").getAsInt());
            assertEquals(alices, alice.next("insert").row().get("id").getAsInt(), "bob's insert never reached alice");

            server.http()
                    .header("X-API-Key", "bob-key-0123456789abcdef")
                    .body("{\"body\": \"b2\"}")
                    .when()
                    .put("/post/" + bobs);
            server.http().header("X-API-Key", "bob-key-0123456789abcdef").when().delete("/post/" + bobs);
            server.http()
                    .header("X-API-Key", "alice-key-0123456789abcdef")
                    .when()
                    .delete("/post/" + alices);
            assertEquals("update", bob.next().name());
            assertEquals("delete", bob.next().name());
            SseClient.Event delete = alice.next("delete");
            assertEquals(alices, delete.row().get("id").getAsInt(), "bob's update and delete never reached alice");
        }
    }

    @Test
    void aRolesHiddenColumnsAreNeverInItsEvents() {
        try (SseClient reader = stream("reader-key-0123456789abcdef", "/post")) {
            post("alice-key-0123456789abcdef", "a1");
            var row = reader.next("insert").row();
            assertEquals("alice", row.get("owner").getAsString());
            assertFalse(row.has("secret"), row.toString());
        }
    }

    @Test
    void aCallerWhoMayNotReadGetsTheUsualJsonErrorBeforeAnyStream() {
        SseClient anonymous = SseClient.get(server.port(), "/post");
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.body().contains("\"status\":\"error\""), anonymous.body());
        SseClient alice = SseClient.get(server.port(), "/genre", Map.of("X-API-Key", "alice-key-0123456789abcdef"));
        assertEquals(403, alice.status());
        assertTrue(alice.body().contains("\"code\":\"forbidden\""), alice.body());
    }
}
