package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.client.Auth;
import tiddly.client.Row;
import tiddly.client.TiddlyClient;
import tiddly.client.TiddlyClientException;
import tiddly.testing.TiddlyServer;

/** The Java client's ways of signing in, against a server with rules: login, API key, Basic. */
class JavaClientAuthTest {
    private static final String CONFIG = """
            {
              "auth": {
                "jwt_secret": "an-hs256-secret-of-at-least-32-bytes!",
                "users": {"table": "user", "identity": "email", "password": "password"},
                "api_keys": {"admin-key-0123456789abcdef": "admin"}
              },
              "rules": {
                "anon": {"dual": {"read": true}},
                "user": {"book": {"read": true},
                         "user": {"read": {"where": {"id": "$auth.sub"}}, "update": {"where": {"id": "$auth.sub"}}}},
                "admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}}
              }
            }""";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig(CONFIG);

    private TiddlyClient connect(Auth auth) {
        return TiddlyClient.connect(URI.create("http://127.0.0.1:" + server.port()), auth);
    }

    @Test
    void anAnonymousClientKnowsOnlyTheTablesItMayRead() {
        TiddlyClient client = connect(Auth.none());
        assertEquals(Set.of("dual"), client.tables());
        assertEquals(
                "unknown_table",
                assertThrows(TiddlyClientException.class, () -> client.table("book"))
                        .code());
    }

    @Test
    void loginUsesTheTokenFromThenOnAndReadsTheSchemaAgain() {
        TiddlyClient client = connect(Auth.none());
        Instant expires = client.login("alice@example.com", "alice-secret");
        assertTrue(expires.isAfter(Instant.now()));
        assertEquals(Set.of("book", "user"), client.tables());
        List<Row> users = client.table("user").all();
        assertEquals(
                List.of("Alice"), users.stream().map(row -> row.get("name")).toList());
        users.get(0).set("name", "Alice Liddell").save();
        assertEquals("Alice Liddell", client.table("user").get(1).get("name"));
    }

    @Test
    void aWrongPasswordIsTheServers401() {
        TiddlyClientException error = assertThrows(
                TiddlyClientException.class, () -> connect(Auth.none()).login("alice@example.com", "guess"));
        assertEquals(401, error.status());
        assertEquals("invalid_credentials", error.code());
        assertEquals("wrong email or password", error.getMessage());
    }

    @Test
    void anApiKeyActsAsItsRole() {
        TiddlyClient admin = connect(Auth.apiKey("admin-key-0123456789abcdef"));
        Row author = admin.table("author").create(Map.of("name", "Ann Leckie", "born", 1966));
        assertEquals("Ann Leckie", admin.table("author").get(author.get("id")).get("name"));
    }

    @Test
    void basicCredentialsGoWithEveryRequestAndRefusalsAreTyped() {
        TiddlyClient bob = connect(Auth.basic("bob@example.com", "bob-secret"));
        assertEquals(60, bob.table("book").count());
        Row book = bob.table("book").get(1).set("title", "Mine now");
        TiddlyClientException refused = assertThrows(TiddlyClientException.class, book::save);
        assertEquals(403, refused.status());
        assertEquals("forbidden", refused.code());
        assertTrue(refused.requestId().isPresent());
    }
}
