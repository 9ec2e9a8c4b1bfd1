package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * Row rules end to end, with API keys as identities: alice and bob each own posts, and each may
 * only see and change their own, through every verb and query key.
 */
class RulesTest {
    private static final String OWN = "{\"owner\": \"$auth.role\"}";
    private static final String CONFIG = """
            {
              // two users, one reader, anonymous callers may read books only
              "auth": {"api_keys": {"alice-key-0123456789abcdef": "alice", "bob-key-0123456789abcdef": "bob", "reader-key-0123456789abcdef": "reader", "carol-key-0123456789abcdef": "carol"}},
              "rules": {
                "anon": {"book": {"read": true}},
                "alice": {"post": %1$s, "comment": {"read": true}, "author": {"read": true, "hidden": ["born"]}},
                "bob": {"post": %1$s, "comment": {"read": true}},
                "reader": {"*": {"read": true}, "post": {"read": true, "hidden": ["secret"]}},
                "carol": {"post": {"read": {"where": {"owner": "$auth.role"}}, "update": true, "delete": true}}
              }
            }""".formatted("""
            {"read": {"where": %1$s}, "insert": {"set": {"owner": "$auth.role"}},
             "update": {"where": %1$s}, "delete": {"where": %1$s}, "read_only": ["owner"]}""".formatted(OWN));

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE post (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, body TEXT, secret TEXT)")
            .withFixture(
                    "CREATE TABLE comment (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES post (id), text TEXT)")
            .withFixture(
                    "INSERT INTO post VALUES (1, 'alice', 'a1', 's'), (2, 'alice', 'a2', 's'), (3, 'bob', 'b1', 's')")
            .withFixture("INSERT INTO comment VALUES (1, 1, 'on a1'), (2, 3, 'on b1')")
            .withConfigText(CONFIG);

    private RequestSpecification as(String key) {
        return server.http().header("X-API-Key", key);
    }

    @Test
    void eachUserSeesOnlyTheirRowsThroughEveryReadKey() {
        as("alice-key-0123456789abcdef")
                .body("{\"count\": true}")
                .when()
                .request("FETCH", "/post")
                .then()
                .statusCode(200)
                .body("data.id", contains(1, 2))
                .body("count", equalTo(2));
        as("bob-key-0123456789abcdef")
                .when()
                .get("/post")
                .then()
                .statusCode(200)
                .body("data.id", contains(3));
        as("bob-key-0123456789abcdef")
                .when()
                .get("/post/1")
                .then()
                .statusCode(404)
                .body("code", equalTo("row_not_found"));
        as("alice-key-0123456789abcdef")
                .body("{\"select\": [{\"count\": \"*\"}]}")
                .when()
                .request("FETCH", "/post")
                .then()
                .statusCode(200)
                .body("data[0].count", equalTo(2));
        as("bob-key-0123456789abcdef")
                .body("{\"embed\": [\"post\"]}")
                .when()
                .request("FETCH", "/comment")
                .then()
                .statusCode(200)
                .body("data[0].post", equalTo(null))
                .body("data[1].post.id", equalTo(3));
        as("bob-key-0123456789abcdef")
                .body("{\"where\": {\"post\": {\"has\": {\"body\": \"a1\"}}}}")
                .when()
                .request("FETCH", "/comment")
                .then()
                .statusCode(200)
                .body("data", org.hamcrest.Matchers.hasSize(0));
    }

    @Test
    void aCursorCannotLeadOutOfTheRule() {
        String next = as("alice-key-0123456789abcdef")
                .body("{\"limit\": 1}")
                .when()
                .request("FETCH", "/post")
                .then()
                .extract()
                .path("next");
        as("alice-key-0123456789abcdef")
                .body("{\"limit\": 1, \"cursor\": \"" + next + "\"}")
                .when()
                .request("FETCH", "/post")
                .then()
                .statusCode(200)
                .body("data.id", contains(2))
                .body("next", equalTo(null));
    }

    @Test
    void writesOutsideTheRuleLookLikeMissingRows() {
        as("bob-key-0123456789abcdef")
                .body("{\"body\": \"mine now\"}")
                .when()
                .put("/post/1")
                .then()
                .statusCode(404);
        as("bob-key-0123456789abcdef").when().delete("/post/1").then().statusCode(404);
        as("bob-key-0123456789abcdef")
                .body("{\"where\": {\"id\": {\"gt\": 0}}, \"set\": {\"body\": \"x\"}}")
                .when()
                .put("/post")
                .then()
                .statusCode(200)
                .body("data.updated", equalTo(1));
        assertEquals("a1", server.scalar("SELECT body FROM post WHERE id = 1"));
    }

    @Test
    void insertsTakeTheOwnerFromTheIdentityAndReadOnlyColumnsAreRefused() {
        as("alice-key-0123456789abcdef")
                .body("{\"body\": \"new\"}")
                .when()
                .post("/post")
                .then()
                .statusCode(201)
                .body("data.owner", equalTo("alice"));
        as("alice-key-0123456789abcdef")
                .body("{\"body\": \"forged\", \"owner\": \"bob\"}")
                .when()
                .post("/post")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"))
                .body("error", equalTo("column 'owner' is read-only (rule alice.post.read_only)"));
        as("alice-key-0123456789abcdef")
                .body("{\"owner\": \"bob\"}")
                .when()
                .put("/post/1")
                .then()
                .statusCode(403);
    }

    @Test
    void deniedVerbsAre403ForKnownCallersAnd401ForAnonymousOnes() {
        as("reader-key-0123456789abcdef")
                .body("{\"body\": \"x\"}")
                .when()
                .post("/post")
                .then()
                .statusCode(403)
                .body("error", equalTo("role 'reader' may not insert 'post' (rule reader.post.insert)"));
        server.http()
                .when()
                .get("/post")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"tiddly\"")
                .body("code", equalTo("unauthenticated"))
                .body("error", equalTo("sign in to read 'post': anonymous callers may not (rule anon.post.read)"));
        server.http().when().get("/book/1").then().statusCode(200);
        as("alice-key-0123456789abcdef").when().get("/book/1").then().statusCode(403);
    }

    @Test
    void hiddenColumnsOfARoleAreNeverShownNorUsable() {
        as("reader-key-0123456789abcdef")
                .when()
                .get("/post/1")
                .then()
                .statusCode(200)
                .body("data", not(hasKey("secret")));
        as("reader-key-0123456789abcdef")
                .body("{\"where\": {\"secret\": \"s\"}}")
                .when()
                .request("FETCH", "/post")
                .then()
                .statusCode(400)
                .body("code", equalTo("hidden_column"));
        as("reader-key-0123456789abcdef")
                .body("{\"orderby\": \"secret\"}")
                .when()
                .request("FETCH", "/post")
                .then()
                .statusCode(400)
                .body("code", equalTo("hidden_column"));
        as("alice-key-0123456789abcdef")
                .when()
                .get("/author/1")
                .then()
                .statusCode(200)
                .body("data", not(hasKey("born")));
    }

    @Test
    void batchOperationsAreCheckedOneByOne() {
        as("bob-key-0123456789abcdef")
                .body("""
                        [{"method": "POST", "table": "post", "body": {"body": "ok"}},
                         {"method": "DELETE", "table": "post", "key": 1}]""")
                .when()
                .post("/_batch")
                .then()
                .statusCode(404)
                .body("data.index", equalTo(1));
        assertEquals(3, server.scalar("SELECT count(*) FROM post"));
    }

    @Test
    void aBadApiKeyIs401NotAnonymous() {
        as("wrong-key").when().get("/book/1").then().statusCode(401).body("code", equalTo("invalid_api_key"));
    }

    @Test
    void writesOnlyReachRowsTheRoleMayRead() {
        as("carol-key-0123456789abcdef")
                .body("{\"body\": \"mine?\"}")
                .when()
                .put("/post/1")
                .then()
                .statusCode(404);
        as("carol-key-0123456789abcdef").when().delete("/post/3").then().statusCode(404);
        assertEquals(3, server.scalar("SELECT count(*) FROM post"));
    }

    @Test
    void theSchemaShowsEachRoleOnlyWhatItMayRead() {
        server.http().when().get("/_schema").then().statusCode(200).body("data.name", contains("book"));
        server.http().when().get("/_info").then().statusCode(200).body("data.tables", equalTo(1));
        as("reader-key-0123456789abcdef")
                .when()
                .get("/_schema")
                .then()
                .statusCode(200)
                .body("data.find { it.name == 'post' }.columns.name", contains("id", "owner", "body"));
    }
}
