package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * PUT's {@code "_paths"}: values set inside a JSON column by the database itself, the same on
 * SQLite (json_set), PostgreSQL (jsonb_set) and MariaDB (JSON_SET), under rules, ETags and streams.
 */
class JsonPathUpdateTest {
    private static final String CONFIG = """
            {
              "auth": {"api_keys": {"alice-key-0123456789abcdef": "alice", "admin-key-0123456789abcdef": "admin"}},
              "rules": {
                "anon": {"item": {"read": true}},
                "alice": {"item": {"read": true, "hidden": ["secret"],
                  "update": {"where": {"owner": "$auth.role"}}, "read_only": ["name"]}},
                "admin": {"item": {"read": true, "insert": true, "update": true}}
              }
            }""";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE item (id INTEGER PRIMARY KEY, meta JSON, name TEXT, owner TEXT, secret JSON)")
            .withFixture("""
                    INSERT INTO item VALUES
                    (1, '{"color": "red", "dims": {"w": 10, "h": 5}, "tags": ["sf", "space"]}', 'a', 'alice', '{"k": 1}'),
                    (2, '{"color": "blue"}', 'b', 'bob', NULL),
                    (3, NULL, 'c', 'alice', NULL)""")
            .withConfigText(CONFIG);

    private RequestSpecification as(String role) {
        return server.http().header("X-API-Key", role + "-key-0123456789abcdef");
    }

    private ValidatableResponse put(String role, int id, String body) {
        return as(role).body(body).when().put("/item/" + id).then();
    }

    /** The document of row {@code id} read back in parts, the same JSON on every database. */
    private ValidatableResponse read(int id) {
        return server.http()
                .body("{\"where\": {\"id\": " + id
                        + "}, \"select\": [{\"path\": [\"color\"], \"of\": \"meta\", \"as\": \"color\"},"
                        + " {\"path\": [\"dims\"], \"of\": \"meta\", \"as\": \"dims\"},"
                        + " {\"path\": [\"tags\"], \"of\": \"meta\", \"as\": \"tags\"},"
                        + " {\"path\": [\"extra\"], \"of\": \"meta\", \"as\": \"extra\"}, \"name\"]}")
                .when()
                .request("FETCH", "/item")
                .then()
                .statusCode(200);
    }

    @Test
    void pathsAreSetInsideTheDocumentAndTheRestIsKept() {
        put("admin", 1, """
                {"_paths": [{"of": "meta", "path": ["dims", "w"], "set": 12},
                            {"of": "meta", "path": ["tags", 1], "set": "opera"},
                            {"of": "meta", "path": ["extra"], "set": {"a": [1, true, null]}}],
                 "name": "renamed"}""").statusCode(200).body("data.id", equalTo(1)).body("data.name", equalTo("renamed"));
        read(1).body("data[0].color", equalTo("red"))
                .body("data[0].dims.w", equalTo(12))
                .body("data[0].dims.h", equalTo(5))
                .body("data[0].tags", contains("sf", "opera"))
                .body("data[0].extra.a", contains(1, true, null))
                .body("data[0].name", equalTo("renamed"));
    }

    @Test
    void valuesKeepTheirJsonTypeStringsAndNullsIncluded() {
        put("admin", 2, """
                {"_paths": [{"of": "meta", "path": ["color"], "set": "12"}, {"of": "meta", "path": ["dims"], "set": null}]}""").statusCode(200);
        server.http().body("""
                        {"select": ["id"], "where": {"meta": {"path": ["color"], "eq": "12"}}}""").when().request("FETCH", "/item").then().body("data.id", contains(2));
        server.http().body("""
                        {"select": ["id"], "where": {"meta": {"path": ["dims"], "is": null}, "id": 2}}""").when().request("FETCH", "/item").then().body("data.id", contains(2));
    }

    @Test
    void aPathWhoseParentIsMissingLeavesTheDocumentAsItIsOnEveryDatabase() {
        // No object 'nope' to write 'x' into, no element 5 in tags, a NULL column: nothing changes.
        put("admin", 1, """
                {"_paths": [{"of": "meta", "path": ["nope", "x"], "set": 1}, {"of": "meta", "path": ["color"], "set": "green"}]}""").statusCode(200);
        put("admin", 1, """
                {"_paths": [{"of": "meta", "path": ["tags", 5], "set": "x"}]}""").statusCode(200);
        put("admin", 3, """
                {"_paths": [{"of": "meta", "path": ["color"], "set": "green"}]}""").statusCode(200);
        read(1).body("data[0].color", equalTo("red")).body("data[0].tags", contains("sf", "space"));
        read(3).body("data[0].color", nullValue());
    }

    @Test
    void ifMatchAndTheETagCoverAPathUpdate() {
        String etag = server.http()
                .when()
                .get("/item/2")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        String after = as("admin")
                .header("If-Match", etag)
                .body("""
                        {"_paths": [{"of": "meta", "path": ["color"], "set": "green"}]}""")
                .when()
                .put("/item/2")
                .then()
                .statusCode(200)
                .header("ETag", not(equalTo(etag)))
                .extract()
                .header("ETag");
        as("admin")
                .header("If-Match", etag)
                .body("""
                        {"_paths": [{"of": "meta", "path": ["color"], "set": "pink"}]}""")
                .when()
                .put("/item/2")
                .then()
                .statusCode(412);
        server.http().when().get("/item/2").then().header("ETag", equalTo(after));
        read(2).body("data[0].color", equalTo("green"));
    }

    @Test
    void rulesApplyAsToAnyUpdate() {
        put("alice", 1, """
                {"_paths": [{"of": "meta", "path": ["color"], "set": "green"}]}""").statusCode(200);
        read(1).body("data[0].color", equalTo("green"));
        put("alice", 2, """
                {"_paths": [{"of": "meta", "path": ["color"], "set": "green"}]}""").statusCode(404).body("code", equalTo("row_not_found"));
        put("alice", 1, """
                {"_paths": [{"of": "secret", "path": ["k"], "set": 2}]}""").statusCode(400).body("code", equalTo("hidden_column"));
        server.http().body("""
                        {"_paths": [{"of": "meta", "path": ["color"], "set": "green"}]}""").when().put("/item/1").then().statusCode(401);
        read(2).body("data[0].color", equalTo("blue"));
    }

    @Test
    void bulkUpdatesTakePathsInSet() {
        as("admin").body("""
                        {"where": {"owner": "alice"}, "set": {"_paths": [{"of": "meta", "path": ["color"], "set": "teal"}]}}""").when().put("/item").then().statusCode(200).body("data.updated", equalTo(2));
        read(1).body("data[0].color", equalTo("teal")).body("data[0].dims.w", equalTo(10));
        read(3).body("data[0].color", nullValue()); // NULL stays NULL
    }

    @Test
    void aStreamSeesTheUpdatedDocument() {
        try (SseClient events = SseClient.get(server.port(), "/item")) {
            events.ready();
            put("admin", 2, """
                    {"_paths": [{"of": "meta", "path": ["color"], "set": "green"}]}""").statusCode(200);
            SseClient.Event update = events.next("update");
            assertEquals(2, update.row().get("id").getAsInt());
            assertEquals(true, update.row().toString().contains("green"), update.data());
        }
    }

    @Test
    void misusedPathEditsAre400() {
        put("admin", 1, "{\"_paths\": []}").statusCode(400).body("code", equalTo("invalid_body"));
        put("admin", 1, "{\"_paths\": {\"meta\": 1}}").statusCode(400).body("code", equalTo("invalid_body"));
        put("admin", 1, "{\"_paths\": [{\"of\": \"meta\", \"path\": [\"a\"]}]}")
                .statusCode(400)
                .body("code", equalTo("invalid_body"));
        put("admin", 1, "{\"_paths\": [{\"of\": \"meta\", \"path\": [\"a\"], \"set\": 1, \"op\": \"x\"}]}")
                .statusCode(400)
                .body("code", equalTo("invalid_body"));
        put("admin", 1, "{\"_paths\": [{\"of\": \"nope\", \"path\": [\"a\"], \"set\": 1}]}")
                .statusCode(400)
                .body("code", equalTo("unknown_column"));
        put("admin", 1, "{\"_paths\": [{\"of\": \"name\", \"path\": [\"a\"], \"set\": 1}]}")
                .statusCode(400)
                .body("code", equalTo("invalid_value"))
                .body("error", equalTo("column 'name' is not a JSON column; '_paths' edits inside JSON"));
        put("admin", 1, "{\"_paths\": [{\"of\": \"meta\", \"path\": [], \"set\": 1}]}")
                .statusCode(400)
                .body("code", equalTo("invalid_value"));
        put("admin", 1, "{\"_paths\": [{\"of\": \"meta\", \"path\": [\"a\\\"\"], \"set\": 1}]}")
                .statusCode(400)
                .body("code", equalTo("invalid_body"));
        put(
                        "admin",
                        1,
                        "{\"_paths\": [{\"of\": \"meta\", \"path\": [\"dims\"], \"set\": 1},"
                                + " {\"of\": \"meta\", \"path\": [\"dims\", \"w\"], \"set\": 2}]}")
                .statusCode(400)
                .body("code", equalTo("invalid_value"));
        put("admin", 1, "{\"meta\": {}, \"_paths\": [{\"of\": \"meta\", \"path\": [\"a\"], \"set\": 1}]}")
                .statusCode(400)
                .body("code", equalTo("invalid_value"));
        as("admin")
                .body("{\"id\": 9, \"_paths\": [{\"of\": \"meta\", \"path\": [\"a\"], \"set\": 1}]}")
                .when()
                .post("/item")
                .then()
                .statusCode(400)
                .body("error", equalTo("column '_paths' is not a column of table 'item'"));
        read(1).body("data[0].color", equalTo("red"));
    }
}
