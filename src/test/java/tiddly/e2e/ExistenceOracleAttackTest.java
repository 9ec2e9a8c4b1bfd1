package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * Attacks that read through the answers to writes: a role that may write a table but not read it
 * (an update-only clerk, a delete-only shredder, an insert-and-update poster) must learn nothing of
 * a row but its key, from a 412, a success or a batch; and a caller whose write meets a unique key
 * held by a row it cannot read must get exactly the answer a row it can read but not change gets.
 * Every answer an attacker got is searched, after each test, for the contents of rows it may not
 * read.
 */
class ExistenceOracleAttackTest {
    private static final String OWN = "{\"owner\": \"$auth.role\"}";
    /** The caller's own messages and the shared ones, which nobody may change. */
    private static final String VISIBLE = "{\"or\": [" + OWN + ", {\"owner\": \"everyone\"}]}";

    private static final String CONFIG = """
            {
              "auth": {"api_keys": {"alice-key-0123456789abcdef": "alice", "bob-key-0123456789abcdef": "bob", "editor-key-0123456789abcdef": "editor",
                                    "clerk-key-0123456789abcdef": "clerk", "shredder-key-0123456789abcdef": "shredder", "poster-key-0123456789abcdef": "poster"}},
              "rules": {
                "alice": {"msg": %1$s, "dropbox": {"read": {"where": %2$s}}},
                "bob": {"msg": %1$s},
                // may update more rows than it may read: every row but the shared ones
                "editor": {"msg": {"read": {"where": %3$s}, "insert": {"set": {"owner": "$auth.role"}},
                                   "update": {"where": {"owner": {"ne": "everyone"}}},
                                   "delete": {"where": {"owner": {"ne": "everyone"}}},
                                   "hidden": ["memo"], "read_only": ["owner"]}},
                // write-only roles: they may change or delete rows they may not read
                "clerk": {"dropbox": {"update": true}},
                "shredder": {"dropbox": {"delete": true}},
                "poster": {"dropbox": {"insert": {"where": {"owner": "poster"}}, "update": true}}
              }
            }""".formatted("""
            {"read": {"where": %1$s}, "insert": {"set": {"owner": "$auth.role"}},
             "update": {"where": %2$s}, "delete": {"where": %2$s}, "hidden": ["memo"], "read_only": ["owner"]}""".formatted(VISIBLE, OWN), OWN, VISIBLE);

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE msg (id INTEGER PRIMARY KEY, owner VARCHAR(20) NOT NULL,"
                    + " handle VARCHAR(40) NOT NULL UNIQUE, body TEXT, memo TEXT, secret TEXT)")
            // memo is hidden by the rules, secret from everyone (--hidden-columns)
            .withFixture("INSERT INTO msg VALUES (1, 'alice', 'alice-handle', 'MSG-A1', 'MEMO-A1', 'SECRET-A1'),"
                    + " (2, 'bob', 'bob-handle', 'MSG-B1', 'MEMO-B1', 'SECRET-B1'),"
                    + " (3, 'everyone', 'shared-handle', 'MSG-S1', 'MEMO-S1', 'SECRET-S1')")
            .withFixture("CREATE TABLE dropbox (id INTEGER PRIMARY KEY, owner VARCHAR(20) NOT NULL,"
                    + " slot VARCHAR(20) UNIQUE, body TEXT, secret TEXT)")
            .withFixture("INSERT INTO dropbox VALUES (1, 'alice', 'slot-1', 'DROP-A1', 'SECRET-D1'),"
                    + " (2, 'bob', 'slot-2', 'DROP-B1', 'SECRET-D2'), (3, 'alice', 'slot-3', 'DROP-A2', 'SECRET-D3')")
            .withConfigText(CONFIG);

    /** What must never be in an answer to each caller: the contents of rows it may not read. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "bob", List.of("MSG-A", "MEMO-", "SECRET-", "alice"),
            "editor", List.of("MSG-A", "MSG-B", "MEMO-", "SECRET-", "alice", "bob"),
            "clerk", List.of("DROP-", "SECRET-", "alice", "bob"),
            "shredder", List.of("DROP-", "SECRET-", "alice", "bob"),
            "poster", List.of("DROP-", "SECRET-", "alice", "bob"));

    /** Every answer an attacker got: who asked, what, and the body. */
    private final List<String[]> answers = new ArrayList<>();

    @AfterEach
    void noAnswerShowedARowTheCallerMayNotRead() {
        for (String[] answer : answers) {
            for (String marker : FORBIDDEN.get(answer[0])) {
                assertFalse(
                        answer[2].contains(marker),
                        answer[0] + " was shown '" + marker + "' by " + answer[1] + ": " + answer[2]);
            }
        }
    }

    /** A request with {@code role}'s API key; an attacker's answer is kept for the final search. */
    private RequestSpecification as(String role) {
        Filter recorder = (request, response, context) -> {
            Response answer = context.next(request, response);
            answers.add(new String[] {role, request.getMethod() + " " + request.getURI(), answer.asString()});
            return answer;
        };
        RequestSpecification request = server.http().header("X-API-Key", role + "-key-0123456789abcdef");
        return FORBIDDEN.containsKey(role) ? request.filter(recorder) : request;
    }

    private String column(String table, int id, String column) {
        return String.valueOf(server.scalar("SELECT " + column + " FROM " + table + " WHERE id = " + id));
    }

    @Test
    void a412ShowsOnlyWhatTheCallerMayRead() {
        for (String[] attempt : List.of(new String[] {"clerk", "PUT"}, new String[] {"shredder", "DELETE"})) {
            as(attempt[0])
                    .header("If-Match", "\"x\"")
                    .body(attempt[1].equals("PUT") ? "{\"body\": \"x\"}" : "")
                    .when()
                    .request(attempt[1], "/dropbox/1")
                    .then()
                    .statusCode(412)
                    .body("code", equalTo("etag_mismatch"))
                    .body("$", not(hasKey("data")))
                    .header("ETag", nullValue());
        }
        assertEquals("DROP-A1", column("dropbox", 1, "body"));
        // a reader sees the row as its GET does: without its hidden column, with the same ETag
        String etag = as("alice").when().get("/msg/1").then().extract().header("ETag");
        as("alice")
                .header("If-Match", "\"x\"")
                .body("{\"body\": \"x\"}")
                .when()
                .put("/msg/1")
                .then()
                .statusCode(412)
                .body("data", equalTo(Map.of("id", 1, "owner", "alice", "handle", "alice-handle", "body", "MSG-A1")))
                .header("ETag", etag);
        // a row the write rule reaches but the read rule does not looks missing, If-Match or not
        for (String ifMatch : List.of("\"x\"", "*")) {
            for (String verb : List.of("PUT", "DELETE")) {
                as("editor")
                        .header("If-Match", ifMatch)
                        .body(verb.equals("PUT") ? "{\"body\": \"x\"}" : "")
                        .when()
                        .request(verb, "/msg/1")
                        .then()
                        .statusCode(404)
                        .body("code", equalTo("row_not_found"))
                        .header("ETag", nullValue());
            }
        }
        assertEquals("MSG-A1", column("msg", 1, "body"));
    }

    @Test
    void a412InABatchShowsAWriteOnlyRoleNoETag() {
        as("clerk")
                .body("[{\"method\": \"PUT\", \"table\": \"dropbox\", \"key\": 1, \"if_match\": \"\\\"x\\\"\","
                        + " \"body\": {\"body\": \"x\"}}]")
                .when()
                .post("/_batch")
                .then()
                .statusCode(412)
                .body("code", equalTo("etag_mismatch"))
                .body("data", equalTo(Map.of("index", 0)))
                .header("ETag", nullValue());
        assertEquals("DROP-A1", column("dropbox", 1, "body"));
    }

    @Test
    void aWriteOnlyRoleSeesOnlyTheKeysOfTheRowsItWrites() {
        as("clerk")
                .body("{\"body\": \"CHANGED\"}")
                .when()
                .put("/dropbox/1")
                .then()
                .statusCode(200)
                .body("data", equalTo(Map.of("id", 1)))
                .header("ETag", nullValue());
        assertEquals("CHANGED", column("dropbox", 1, "body"));
        as("clerk")
                .body("[{\"method\": \"PUT\", \"table\": \"dropbox\", \"key\": 2, \"body\": {\"body\": \"CHANGED\"}}]")
                .when()
                .post("/_batch")
                .then()
                .statusCode(200)
                .body("data[0].data", equalTo(Map.of("id", 2)))
                .body("data[0]", not(hasKey("etag")));
        as("shredder")
                .when()
                .delete("/dropbox/3")
                .then()
                .statusCode(200)
                .body("data", equalTo(Map.of("id", 3)))
                .header("ETag", nullValue());
        assertEquals("0", String.valueOf(server.scalar("SELECT count(*) FROM dropbox WHERE id = 3")));
        // an upsert that updates another's row, and a plain insert
        as("poster")
                .queryParam("on_conflict", "update")
                .body("{\"id\": 2, \"owner\": \"poster\", \"body\": \"POSTED\"}")
                .when()
                .post("/dropbox")
                .then()
                .statusCode(200)
                .body("data", equalTo(Map.of("id", 2)))
                .header("ETag", nullValue());
        as("poster")
                .body("[{\"id\": 4, \"owner\": \"poster\", \"body\": \"NEW\"}]")
                .when()
                .post("/dropbox")
                .then()
                .statusCode(201)
                .body("data", equalTo(List.of(Map.of("id", 4))));
        assertEquals("SECRET-D2", column("dropbox", 2, "secret"));
    }

    @Test
    void aWriteOnlyRolePicksRowsByKeyOnly() {
        for (String where : List.of(
                "{\"body\": \"DROP-A1\"}",
                "{\"body\": {\"like\": \"DROP-A%\"}}",
                "{\"id\": {\"gt\": 0}}",
                "{\"not\": {\"id\": 1}}",
                "{\"id\": 1, \"owner\": \"alice\"}")) {
            as("clerk")
                    .body("{\"where\": " + where + ", \"set\": {\"body\": \"x\"}}")
                    .when()
                    .put("/dropbox")
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("forbidden"));
            as("shredder")
                    .body("{\"where\": " + where + "}")
                    .when()
                    .delete("/dropbox")
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("forbidden"))
                    .body(
                            "error",
                            equalTo("role 'shredder' may not read 'dropbox', so its writes may pick rows by key only"
                                    + " (rule shredder.dropbox.read)"));
        }
        // an upsert on another unique column would answer the key of the row that holds the value
        as("poster")
                .queryParam("on_conflict", "update")
                .queryParam("on_conflict_columns", "slot")
                .body("{\"id\": 9, \"owner\": \"poster\", \"slot\": \"slot-1\", \"body\": \"x\"}")
                .when()
                .post("/dropbox")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        assertEquals("3", String.valueOf(server.scalar("SELECT count(*) FROM dropbox WHERE body LIKE 'DROP-%'")));
        as("clerk")
                .body("{\"where\": {\"id\": {\"in\": [1, 2, 9]}}, \"set\": {\"body\": \"x\"}}")
                .when()
                .put("/dropbox")
                .then()
                .statusCode(200)
                .body("data.updated", equalTo(2));
        as("shredder")
                .body("{\"where\": {\"or\": [{\"id\": 3}, {\"id\": 9}]}}")
                .when()
                .delete("/dropbox")
                .then()
                .statusCode(200)
                .body("data.deleted", equalTo(1));
    }

    /** The parts of an answer a client can compare: all but the request id. */
    private static String answer(Response response) {
        Map<String, Object> body = new LinkedHashMap<>(response.jsonPath().getMap("$"));
        body.remove("request_id");
        return response.statusCode() + " " + body;
    }

    @Test
    void aConflictWithARowTheCallerCannotReadAnswersAsOneWithARowItCannotChange() {
        // the editor's own row, which it may move to another key or handle
        as("editor")
                .body("{\"id\": 20, \"handle\": \"editor-handle\"}")
                .when()
                .post("/msg")
                .then()
                .statusCode(201);
        String before = String.valueOf(server.scalar("SELECT body FROM msg WHERE id = 1"))
                + server.scalar("SELECT body FROM msg WHERE id = 3");
        // bob's own row is 2, the editor's 20; row 1 is alice's (invisible to both), row 3 shared (read-only)
        for (String[] caller : List.of(new String[] {"bob", "2"}, new String[] {"editor", "20"})) {
            String role = caller[0];
            for (String form : List.of(
                    "POST /msg {\"id\": %1$s, \"handle\": \"fresh\", \"body\": \"EDITED\"}",
                    "POST /msg {\"id\": 30, \"handle\": \"%2$s\", \"body\": \"EDITED\"}",
                    "POST /msg?on_conflict=ignore {\"id\": %1$s, \"handle\": \"fresh\", \"body\": \"EDITED\"}",
                    "POST /msg?on_conflict=update {\"id\": %1$s, \"handle\": \"fresh\", \"body\": \"EDITED\"}",
                    "POST /msg?on_conflict=update&on_conflict_columns=handle {\"id\": 30, \"handle\": \"%2$s\","
                            + " \"body\": \"EDITED\"}",
                    "PUT /msg {\"where\": {\"id\": " + caller[1] + "}, \"set\": {\"id\": %1$s}}",
                    "PUT /msg {\"where\": {\"id\": " + caller[1] + "}, \"set\": {\"handle\": \"%2$s\"}}",
                    "PUT /msg/" + caller[1] + " {\"handle\": \"%2$s\"}",
                    "POST /_batch [{\"method\": \"POST\", \"table\": \"msg\","
                            + " \"body\": {\"id\": %1$s, \"handle\": \"fresh\"}}]")) {
                String invisible = send(role, form.formatted(1, "alice-handle"));
                String shared = send(role, form.formatted(3, "shared-handle"));
                assertEquals(shared, invisible, role + ": " + form);
                assertTrue(
                        invisible.startsWith("409 {status=error")
                                || invisible.equals("200 {status=success, data=null}"),
                        role + ": " + form + ": " + invisible);
                // no value of the row that holds the key: no details, no data but a batch's index
                assertFalse(
                        invisible.contains("details=")
                                || invisible
                                        .replace("data={index=0}", "")
                                        .replace("data=null", "")
                                        .contains("data="),
                        role + ": " + form + ": " + invisible);
            }
        }
        assertEquals(
                before,
                String.valueOf(server.scalar("SELECT body FROM msg WHERE id = 1"))
                        + server.scalar("SELECT body FROM msg WHERE id = 3"));
    }

    /** "VERB /path body" as {@code role}: the answer without its request id. */
    private String send(String role, String request) {
        String[] parts = request.split(" ", 3);
        return answer(as(role).body(parts[2]).when().request(parts[0], parts[1]));
    }
}
