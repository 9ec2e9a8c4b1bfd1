package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * The variants an attack on the fixes of issue 12 found: embeds that multiply a small table into
 * gigabytes, Basic guesses sent together past the sign-in limit, a schema reload that reset the
 * limit, and a lower-case method past the cross-origin guard.
 */
class FollowUpAttackTest {
    private static final String ADMIN = "admin-key-0123456789abcdef";
    private static final String CONFIG = """
            {
              "auth": {
                "jwt_secret": "a-follow-up-attack-secret-of-32-bytes-or-more",
                "users": {"table": "user", "identity": "email"},
                "api_keys": {"%s": "admin"},
                "login_attempts_per_minute": 5
              },
              "rules": {
                "anon": {"book": {"read": true}, "author": {"read": true}},
                "user": {"book": {"read": true}, "user": {"update": {"where": {"id": "$auth.sub"}}}},
                "admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}}
              }
            }""".formatted(ADMIN);

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfigText(CONFIG);

    /** book → author → book → … {@code levels} embeds deep, each to-many one as large as allowed. */
    private static String alternating(int levels) {
        String body = "{}";
        for (int level = levels; level >= 1; level--) {
            String relation = level % 2 == 1 ? "author" : "book";
            body = "{\"limit\": 1000, \"embed\": {\"" + relation + "\": " + body + "}}";
        }
        return body.replaceFirst("\"limit\": 1000, ", "\"limit\": 1000, \"select\": [\"id\"], ");
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void embedsThatMultiplyRowsPastTheBoundAreRefusedBeforeAnyIsSent() {
        server.http()
                .body(alternating(4))
                .when()
                .request("QUERY", "/book")
                .then()
                .statusCode(200);
        server.http()
                .body(alternating(10))
                .when()
                .request("QUERY", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("query_too_complex"))
                .body("error", startsWith("the answer would hold more than 100000 rows"));
    }

    @Test
    void aBatchWhoseAnswersTogetherPassTheBoundIsRefused() {
        String operation = "{\"method\": \"QUERY\", \"table\": \"book\", \"body\": " + alternating(6) + "}";
        server.http()
                .header("X-API-Key", ADMIN)
                .body("[" + operation + "]")
                .when()
                .post("/_batch")
                .then()
                .statusCode(200);
        server.http()
                .header("X-API-Key", ADMIN)
                .body("[" + String.join(", ", java.util.Collections.nCopies(20, operation)) + "]")
                .when()
                .post("/_batch")
                .then()
                .statusCode(400)
                .body("code", equalTo("query_too_complex"))
                .body("error", startsWith("operation "));
    }

    @Test
    void basicGuessesSentTogetherAreCheckedNoMoreOftenThanTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int guess = 0; guess < 40; guess++) {
                String password = "wrong-" + guess;
                answers.add(pool.submit(() -> server.http()
                        .header("Authorization", basic("alice@example.com", password))
                        .when()
                        .get("/book/1")
                        .statusCode()));
            }
            int checked = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                assertTrue(status == 401 || status == 429, "status " + status);
                checked += status == 401 ? 1 : 0;
            }
            assertEquals(5, checked, "wrong passwords checked with a limit of 5 a minute");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reloadingTheSchemaKeepsTheSignInCounts() {
        for (int attempt = 0; attempt < 5; attempt++) {
            server.http()
                    .body("{\"email\": \"alice@example.com\", \"password\": \"wrong\"}")
                    .when()
                    .post("/_login")
                    .then()
                    .statusCode(401);
        }
        server.http()
                .header("X-API-Key", ADMIN)
                .when()
                .post("/_schema/reload")
                .then()
                .statusCode(200);
        server.http()
                .body("{\"email\": \"alice@example.com\", \"password\": \"alice-secret\"}")
                .when()
                .post("/_login")
                .then()
                .statusCode(429);
    }

    @Test
    void aLowerCaseMethodDoesNotPassTheCrossOriginGuard() {
        server.http()
                .header("Authorization", basic("alice@example.com", "alice-secret"))
                .header("Origin", "https://evil.example")
                .contentType("text/plain")
                .body("{\"name\": \"Pwned\"}")
                .when()
                .request("put", "/user/1")
                .then()
                .statusCode(403)
                .body("code", equalTo("cross_origin_refused"));
        assertEquals("Alice", server.scalar("SELECT name FROM \"user\" WHERE id = 1"));
    }
}
