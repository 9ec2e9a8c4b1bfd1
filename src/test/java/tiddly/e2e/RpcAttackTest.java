package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * The hostile review of {@code /_rpc/name} (docs/security.md, "Attack review, 2026-12-03
 * afternoon"): what a caller can make a function do beyond what its declaration promises.
 */
class RpcAttackTest {
    private static final String ADMIN = "admin-key-0123456789abcdef";
    private static final String CONFIG = """
            {"auth": {"api_keys": {"%s": "admin"}},
             "queries": {
               "retitle_first": {"sql": "UPDATE book SET title = :title WHERE id = 1",
                                 "params": {"title": "text"}, "read_only": true, "returns": "changed"},
               "bump": {"sql": "UPDATE book SET year = year + 1 WHERE id = :id",
                        "params": {"id": "integer"}, "returns": "changed"},
               "members": {"sql": "SELECT * FROM member ORDER BY id", "params": {}, "read_only": true},
               "forget": {"sql": "DELETE FROM member WHERE id = :id RETURNING id, name",
                          "params": {"id": "integer"}, "read_only": true}
             },
             "rules": {
               "anon": {"book": {"read": true}, "_rpc": {"execute": ["retitle_first", "forget"]}},
               "admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}, "_rpc": {"execute": true}}
             }}""".formatted(ADMIN);

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE member (id INTEGER PRIMARY KEY, name TEXT, password TEXT, secret TEXT)")
            .withFixture("INSERT INTO member VALUES (1, 'Ann', '$2b$10$hashhashhashhashhashhu', 'the vault code')")
            .withConfig(CONFIG);

    private RequestSpecification admin() {
        return server.http().header("X-API-Key", ADMIN);
    }

    /**
     * A function declared read-only may be called by GET, which no cross-site check guards (a link,
     * an image): if its SQL writes after all, anyone who may call it writes through it.
     */
    @Test
    void aReadOnlyFunctionThatWritesAfterAllChangesNothingWhenCalledByGet() {
        server.http().get("/_rpc/retitle_first?title=PWNED").then().statusCode(200);
        server.http()
                .body("{\"title\": \"PWNED\"}")
                .request("QUERY", "/_rpc/retitle_first")
                .then()
                .statusCode(200);
        server.http()
                .body("{\"title\": \"PWNED\"}")
                .post("/_rpc/retitle_first")
                .then()
                .statusCode(200);
        assertEquals("Book 1", server.scalar("SELECT title FROM book WHERE id = 1"));
    }

    /**
     * Rows of a read-only function are streamed as they are read, outside the rolled-back
     * transaction above: the stream itself must refuse to write ({@code DELETE … RETURNING}
     * returns rows, so it takes that path).
     */
    @Test
    void aReadOnlyFunctionWhoseRowsComeFromAWriteChangesNothing() {
        server.http().get("/_rpc/forget?id=1").then().statusCode(403).body("code", equalTo("function_not_read_only"));
        for (String verb : new String[] {"QUERY", "POST"}) {
            server.http()
                    .body("{\"id\": 1}")
                    .request(verb, "/_rpc/forget")
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("function_not_read_only"));
        }
        assertEquals(1L, ((Number) server.scalar("SELECT count(*) FROM member")).longValue());
    }

    /**
     * {@code --hidden-columns} are "never returned": a function's {@code SELECT *} over a users
     * table (or a PostgreSQL function {@code RETURNS SETOF "user"}) must not hand out the hashes.
     */
    @Test
    void aFunctionsRowsNeverCarryAColumnHiddenFromEveryone() {
        admin().get("/_rpc/members")
                .then()
                .statusCode(200)
                .body("data[0].name", equalTo("Ann"))
                .body("data[0]", not(hasKey("password")))
                .body("data[0]", not(hasKey("secret")));
    }

    /**
     * A retry of a POST that changes data, sent with the same Idempotency-Key as the docs say a
     * write may be, must not run the function twice: it gets the first answer, or a refusal.
     */
    @Test
    void aRetriedCallWithTheSameIdempotencyKeyRunsTheFunctionOnce() {
        Object year = server.scalar("SELECT year FROM book WHERE id = 2");
        for (int attempt = 0; attempt < 2; attempt++) {
            admin().header("Idempotency-Key", "bump-2-once")
                    .body("{\"id\": 2}")
                    .post("/_rpc/bump")
                    .then()
                    .statusCode(200)
                    .body("data", equalTo(1));
        }
        assertEquals(
                ((Number) year).longValue() + 1,
                ((Number) server.scalar("SELECT year FROM book WHERE id = 2")).longValue());
        admin().header("Idempotency-Key", "bump-2-once")
                .body("{\"id\": 2}")
                .post("/_rpc/bump")
                .then()
                .header("Idempotent-Replayed", "true");
        admin().header("Idempotency-Key", "bump-2-once")
                .body("{\"id\": 3}")
                .post("/_rpc/bump")
                .then()
                .statusCode(422)
                .body("code", equalTo("idempotency_key_reused"));
    }

    /** A browser sends QUERY only once the preflight allows it; /_rpc/name was answered as a row's path. */
    @Test
    void aPreflightForAFunctionAllowsPostAndQuery() {
        server.http()
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "QUERY")
                .options("/_rpc/members")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Methods", equalTo("GET, POST, QUERY, OPTIONS"));
    }
}
