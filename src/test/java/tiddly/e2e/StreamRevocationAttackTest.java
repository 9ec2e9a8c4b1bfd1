package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * The hostile review of live queries (docs/security.md, "Attack review, 2026-12-03 afternoon"): a
 * token that is revoked (its user deleted, their password or role changed) stops at once for
 * requests; a stream it opened must not go on handing out rows until the token's exp.
 */
class StreamRevocationAttackTest {
    private static final String ADMIN = "admin-key-0123456789abcdef";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE member (id INTEGER PRIMARY KEY, email TEXT UNIQUE, password TEXT)")
            .withConfig("""
                    {"auth": {"jwt_secret": "a-stream-revocation-secret-of-32-bytes-or-more",
                              "users": {"table": "member", "identity": "email"},
                              "api_keys": {"%s": "admin"}},
                     "rules": {"user": {"genre": {"read": true}},
                               "admin": {"*": {"read": true, "insert": true, "update": true}}}}""".formatted(ADMIN));

    private void asAdmin(String method, String path, String body, int status) {
        server.http()
                .header("X-API-Key", ADMIN)
                .body(body)
                .when()
                .request(method, path)
                .then()
                .statusCode(status);
    }

    @Test
    void aStreamOfARevokedTokenEndsBeforeItsNextEvent() {
        asAdmin("POST", "/member", "{\"id\": 1, \"email\": \"m@example.com\", \"password\": \"old-secret\"}", 201);
        String token = server.http()
                .body("{\"email\": \"m@example.com\", \"password\": \"old-secret\"}")
                .post("/_login")
                .then()
                .statusCode(200)
                .extract()
                .path("data.token");
        try (SseClient events = SseClient.get(server.port(), "/genre", Map.of("Authorization", "Bearer " + token))) {
            events.ready();
            asAdmin("POST", "/genre", "{\"code\": \"seen\", \"name\": \"N\"}", 201);
            assertEquals("seen", events.next("insert").row().get("code").getAsString());
            // the password is changed, say because the token was stolen: the thief's stream must stop
            asAdmin("PUT", "/member/1", "{\"password\": \"new-secret\"}", 200);
            asAdmin("POST", "/genre", "{\"code\": \"secret\", \"name\": \"N\"}", 201);
            assertEquals("auth_expired", events.next().name());
            assertTrue(events.ended(), "the stream ends after auth_expired");
        }
    }

    /** HTTP Basic is checked once, when the stream opens: its stream must end as a token's does. */
    @Test
    void aBasicStreamEndsBeforeItsNextEventOnceThePasswordChanged() {
        asAdmin("POST", "/member", "{\"id\": 2, \"email\": \"b@example.com\", \"password\": \"old-secret\"}", 201);
        String basic = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString("b@example.com:old-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (SseClient events = SseClient.get(server.port(), "/genre", Map.of("Authorization", basic))) {
            events.ready();
            asAdmin("PUT", "/member/2", "{\"password\": \"new-secret\"}", 200);
            asAdmin("POST", "/genre", "{\"code\": \"after\", \"name\": \"N\"}", 201);
            assertEquals("auth_expired", events.next().name());
            assertTrue(events.ended(), "the stream ends after auth_expired");
        }
    }
}
