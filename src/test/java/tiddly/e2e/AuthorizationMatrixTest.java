package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * The authorization matrix: every verb and every read key, for two users signed in through
 * /_login whose rules let each see and change only the notes they own. Each answer is compared
 * with what the database really holds, each write attempt is followed by a check that nobody
 * else's rows changed, and every answer a user got is searched, after the test, for another
 * user's notes and for the values of the hidden columns.
 */
class AuthorizationMatrixTest {
    private static final String OWN = "{\"owner_id\": \"$auth.sub\"}";
    private static final String CONFIG = """
            {
              "auth": {
                "jwt_secret": "an-hs256-secret-of-at-least-32-bytes!",
                "users": {"table": "user", "identity": "email"},
                "api_keys": {"admin-key-0123456789abcdef": "admin"},
                "login_attempts_per_minute": 1000
              },
              "rules": {
                "user": {
                  // secret is hidden for everyone (--hidden-columns); memo only by this rule
                  "note": {"read": {"where": %1$s}, "insert": {"set": {"owner_id": "$auth.sub"}},
                           "update": {"where": %1$s}, "delete": {"where": %1$s},
                           "hidden": ["secret", "memo"], "read_only": ["owner_id"]},
                  "comment": {"read": true},
                  "user": {"read": {"where": {"id": "$auth.sub"}}}
                },
                "admin": {"*": {"read": true}}
              }
            }""".formatted(OWN);
    /** The three ways to send a read with a body. */
    private static final List<String> READ_VERBS = List.of("FETCH", "QUERY", "POST /t/_query");
    /** Never in any answer to a user: the contents of the hidden columns. */
    private static final List<String> HIDDEN_VALUES = List.of("SECRET-", "MEMO-");

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE note (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES user (id),"
                    + " body TEXT, secret TEXT, memo TEXT, score INTEGER)")
            .withFixture("CREATE TABLE comment (id INTEGER PRIMARY KEY,"
                    + " note_id INTEGER REFERENCES note (id) ON DELETE CASCADE, text TEXT)")
            // alice (user 1) owns 1-3, bob (user 2) owns 4, 5 and 7, carol (user 3) owns 6
            .withFixture("""
                    INSERT INTO note VALUES
                      (1, 1, 'NOTE-A1', 'SECRET-A1', 'MEMO-A1', 10), (2, 1, 'NOTE-A2', 'SECRET-A2', 'MEMO-A2', 20),
                      (3, 1, 'NOTE-A3', 'SECRET-A3', 'MEMO-A3', 30), (4, 2, 'NOTE-B1', 'SECRET-B1', 'MEMO-B1', 40),
                      (5, 2, 'NOTE-B2', 'SECRET-B2', 'MEMO-B2', 50), (6, 3, 'NOTE-C1', 'SECRET-C1', 'MEMO-C1', 60),
                      (7, 2, 'NOTE-B3', 'SECRET-B3', 'MEMO-B3', 5)""")
            .withFixture("INSERT INTO comment VALUES (1, 1, 'first comment'), (2, 4, 'second comment'),"
                    + " (3, 2, 'third comment'), (4, 5, 'fourth comment'), (5, 6, 'fifth comment')")
            .withConfigText(CONFIG);

    /**
     * A signed-in user: their id (the token's sub), the id of the other user they attack, and
     * what must never be in an answer to them.
     */
    private record Caller(String name, int id, int victim, String token, List<String> forbidden) {}

    private Caller alice;
    private Caller bob;
    /** Every answer a user got: who asked, what, and the body. */
    private final List<String[]> answers = new ArrayList<>();

    @BeforeEach
    void signIn() {
        alice = new Caller(
                "alice",
                1,
                2,
                login("alice@example.com", "alice-secret"),
                List.of("NOTE-B", "NOTE-C", "bob@example.com", "carol@example.com"));
        bob = new Caller(
                "bob",
                2,
                1,
                login("bob@example.com", "bob-secret"),
                List.of("NOTE-A", "NOTE-C", "alice@example.com", "carol@example.com"));
    }

    @AfterEach
    void noAnswerShowedAnotherUsersNotesOrAHiddenValue() {
        for (String[] answer : answers) {
            Caller caller = answer[0].equals("alice") ? alice : bob;
            for (String marker : concat(caller.forbidden(), HIDDEN_VALUES)) {
                assertFalse(
                        answer[2].contains(marker),
                        caller.name() + " was shown '" + marker + "' by " + answer[1] + ": " + answer[2]);
            }
        }
    }

    private String login(String email, String password) {
        return server.http()
                .body("{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}")
                .when()
                .post("/_login")
                .then()
                .statusCode(200)
                .extract()
                .path("data.token");
    }

    /** A request with the caller's bearer token; its answer is kept for the final search. */
    private RequestSpecification as(Caller caller) {
        Filter recorder = (request, response, context) -> {
            Response answer = context.next(request, response);
            answers.add(new String[] {caller.name(), request.getMethod() + " " + request.getURI(), answer.asString()});
            return answer;
        };
        return server.http().header("Authorization", "Bearer " + caller.token()).filter(recorder);
    }

    /** A read with a body, sent as FETCH, QUERY or POST /t/_query. */
    private Response read(Caller caller, String verb, String table, String body) {
        RequestSpecification request = as(caller).body(body).when();
        return verb.startsWith("POST") ? request.post("/" + table + "/_query") : request.request(verb, "/" + table);
    }

    private Response read(Caller caller, String verb, String body) {
        return read(caller, verb, "note", body);
    }

    /** The ids of {@code table}'s rows that match {@code condition}, in key order, from the database itself. */
    private List<Integer> ids(String table, String condition) {
        Object joined = server.scalar(
                "SELECT group_concat(id) FROM (SELECT id FROM " + table + " WHERE " + condition + " ORDER BY id)");
        return joined == null
                ? List.of()
                : Arrays.stream(joined.toString().split(","))
                        .map(Integer::valueOf)
                        .toList();
    }

    private List<Integer> own(Caller caller) {
        return ids("note", "owner_id = " + caller.id());
    }

    /** Every column of every note the caller does not own, and the comments on them, from the database. */
    private String othersRows(Caller caller) {
        return server.scalar("SELECT group_concat(r, ';') FROM (SELECT id || '|' || owner_id || '|' || quote(body)"
                        + " || '|' || quote(secret) || '|' || quote(memo) || '|' || quote(score) AS r FROM note WHERE owner_id <> "
                        + caller.id() + " ORDER BY id)")
                + " / "
                + server.scalar("SELECT group_concat(r, ';') FROM (SELECT c.id || '|' || c.note_id || '|' || c.text"
                        + " AS r FROM comment c JOIN note n ON n.id = c.note_id WHERE n.owner_id <> " + caller.id()
                        + " ORDER BY c.id)");
    }

    /** Runs a write attempt of {@code caller}'s and checks that no row of anyone else changed. */
    private void leavesOthersUntouched(Caller caller, String what, Runnable attempt) {
        String before = othersRows(caller);
        attempt.run();
        assertEquals(before, othersRows(caller), caller.name() + "'s " + what + " changed another user's rows");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void anonymousCallersGet401WithAChallengeForEveryVerb() {
        String before = othersRows(new Caller("nobody", 0, 0, "", List.of()));
        List<Response> answers = List.of(
                server.http().when().get("/note"),
                server.http().when().get("/note/1"),
                server.http().when().head("/note/1"),
                server.http().when().get("/comment"),
                server.http().body("{}").when().request("FETCH", "/note"),
                server.http().body("{}").when().request("QUERY", "/note"),
                server.http().body("{}").when().post("/note/_query"),
                server.http().body("{\"body\": \"x\"}").when().post("/note"),
                server.http().body("{\"body\": \"x\"}").when().put("/note/1"),
                server.http().body("{\"id\": 1, \"body\": \"x\"}").when().put("/note"),
                server.http()
                        .body("{\"where\": {\"id\": 1}, \"set\": {\"body\": \"x\"}}")
                        .when()
                        .put("/note"),
                server.http()
                        .body("{\"all\": true, \"set\": {\"body\": \"x\"}}")
                        .when()
                        .put("/note"),
                server.http().when().delete("/note/1"),
                server.http().body("{\"where\": {\"id\": 1}}").when().delete("/note"),
                server.http().body("{\"all\": true}").when().delete("/note"));
        for (Response answer : answers) {
            answer.then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"tiddly\"");
            if (!answer.asString().isEmpty()) { // HEAD has no body
                answer.then().body("status", equalTo("error")).body("code", equalTo("unauthenticated"));
            }
        }
        assertEquals(before, othersRows(new Caller("nobody", 0, 0, "", List.of())));
    }

    @Test
    void anonymousBatchesGet401WithAChallengeToo() {
        for (String batch : List.of(
                "[{\"method\": \"FETCH\", \"table\": \"note\"}]",
                "[{\"method\": \"DELETE\", \"table\": \"note\", \"key\": 1}]")) {
            server.http()
                    .body(batch)
                    .when()
                    .post("/_batch")
                    .then()
                    .statusCode(401)
                    .body("code", equalTo("unauthenticated"))
                    .header("WWW-Authenticate", "Bearer realm=\"tiddly\"");
        }
        assertEquals(7, server.scalar("SELECT count(*) FROM note"));
    }

    @Test
    void everyListReadShowsOnlyTheCallersRows() {
        for (Caller caller : List.of(alice, bob)) {
            List<Integer> own = own(caller);
            int victim = caller.victim();
            assertEquals(
                    own,
                    as(caller)
                            .when()
                            .get("/note")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("data.id"));
            assertEquals(
                    List.of(),
                    as(caller)
                            .when()
                            .get("/note?owner_id=" + victim)
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("data.id"));
            assertEquals(
                    own,
                    as(caller)
                            .queryParam("id[in]", "1,2,3,4,5,6,7")
                            .when()
                            .get("/note")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("data.id"));
            assertEquals(
                    own,
                    as(caller)
                            .queryParam("where", "{\"or\": [{\"owner_id\": " + victim + "}, {\"id\": {\"gt\": 0}}]}")
                            .when()
                            .get("/note")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("data.id"));
            for (String verb : READ_VERBS) {
                assertEquals(
                        own,
                        read(caller, verb, "").then().statusCode(200).extract().path("data.id"),
                        verb);
                assertEquals(
                        own,
                        read(caller, verb, "{}")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("data.id"),
                        verb);
                assertEquals(
                        own,
                        read(
                                        caller,
                                        verb,
                                        "{\"where\": {\"or\": [{\"owner_id\": " + victim
                                                + "}, {\"id\": {\"gt\": 0}}]}}")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("data.id"),
                        verb); // the rule is ANDed, never ORed
                assertEquals(
                        List.of(),
                        read(caller, verb, "{\"where\": {\"owner_id\": {\"ne\": " + caller.id() + "}}}")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("data.id"),
                        verb);
                assertEquals(
                        List.of(),
                        read(caller, verb, "{\"where\": {\"not\": {\"owner_id\": " + caller.id() + "}}}")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("data.id"),
                        verb);
                assertEquals(
                        own,
                        read(caller, verb, "{\"where\": {\"body\": {\"like\": \"NOTE-%\"}}}")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("data.id"),
                        verb);
            }
            assertEquals(
                    List.of(caller.id()),
                    as(caller)
                            .when()
                            .get("/user")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("data.id"));
        }
    }

    @Test
    void aRowOfAnotherUserIsNotFoundExactlyLikeAMissingOne() {
        for (Caller caller : List.of(alice, bob)) {
            for (int other : ids("note", "owner_id <> " + caller.id())) {
                as(caller)
                        .when()
                        .get("/note/" + other)
                        .then()
                        .statusCode(404)
                        .body("code", equalTo("row_not_found"))
                        .body("error", equalTo("no row of 'note' has that key"));
                as(caller).when().head("/note/" + other).then().statusCode(404);
                as(caller)
                        .body("[{\"method\": \"GET\", \"table\": \"note\", \"key\": " + other + "}]")
                        .when()
                        .post("/_batch")
                        .then()
                        .statusCode(404)
                        .body("code", equalTo("row_not_found"));
            }
            as(caller)
                    .when()
                    .get("/note/999")
                    .then()
                    .statusCode(404)
                    .body("error", equalTo("no row of 'note' has that key"));
            for (int own : own(caller)) {
                as(caller)
                        .when()
                        .get("/note/" + own)
                        .then()
                        .statusCode(200)
                        .body("data.owner_id", equalTo(caller.id()));
            }
            as(caller).when().get("/user/" + caller.victim()).then().statusCode(404);
        }
    }

    @Test
    void selectCountAggregatesDistinctAndEtagsCoverOnlyTheCallersRows() {
        for (Caller caller : List.of(alice, bob)) {
            List<Integer> own = own(caller);
            String mine = "owner_id = " + caller.id();
            for (String verb : READ_VERBS) {
                assertEquals(
                        own,
                        read(caller, verb, "{\"select\": [\"id\", \"body\"]}")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("data.id"),
                        verb);
                Response counted = read(caller, verb, "{\"count\": true, \"limit\": 1}")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response();
                assertEquals(own.size(), (int) counted.path("count"), verb);
                assertEquals(Integer.toString(own.size()), counted.header("X-Total-Count"), verb);
                read(caller, verb, "{\"count\": true, \"limit\": 0}")
                        .then()
                        .statusCode(200)
                        .body("count", equalTo(own.size()));

                Response totals =
                        read(caller, verb, """
                        {"select": [{"count": "*"}, {"sum": "score"}, {"min": "score"}, {"max": "score"}, {"avg": "score"},
                                    {"count": "body", "as": "bodies"}]}""").then().statusCode(200).extract().response();
                assertEquals(own.size(), (int) totals.path("data[0].count"), verb);
                assertEquals(
                        server.scalar("SELECT sum(score) FROM note WHERE " + mine),
                        totals.path("data[0].sum_score"),
                        verb);
                assertEquals(
                        server.scalar("SELECT min(score) FROM note WHERE " + mine),
                        totals.path("data[0].min_score"),
                        verb);
                assertEquals(
                        server.scalar("SELECT max(score) FROM note WHERE " + mine),
                        totals.path("data[0].max_score"),
                        verb);
                assertEquals(
                        ((Number) server.scalar("SELECT avg(score) FROM note WHERE " + mine)).doubleValue(),
                        ((Number) totals.path("data[0].avg_score")).doubleValue(),
                        1e-4,
                        verb); // JSON decimals come as floats
                assertEquals(own.size(), (int) totals.path("data[0].bodies"), verb);

                Response groups =
                        read(caller, verb, """
                        {"select": ["owner_id", {"count": "*", "as": "n"}, {"sum": "score", "as": "total"}],
                         "groupby": ["owner_id"], "count": true}""").then().statusCode(200).extract().response();
                assertEquals(List.of(caller.id()), groups.path("data.owner_id"), verb);
                assertEquals(List.of(own.size()), groups.path("data.n"), verb);
                assertEquals(1, (int) groups.path("count"), verb);
                read(caller, verb, """
                        {"select": ["owner_id", {"count": "*", "as": "n"}], "groupby": "owner_id", "having": {"n": {"gte": 1}}}""").then().statusCode(200).body("data.owner_id", equalTo(List.of(caller.id())));
                read(caller, verb, """
                        {"select": ["owner_id", {"count": "*", "as": "n"}], "groupby": "owner_id",
                         "having": {"owner_id": %d}}""".formatted(caller.victim()))
                        .then()
                        .statusCode(200)
                        .body("data", equalTo(List.of()));
                read(caller, verb, "{\"groupby\": [\"body\"], \"orderby\": \"body\"}")
                        .then()
                        .statusCode(200)
                        .body("data.size()", equalTo(own.size()));

                read(caller, verb, "{\"select\": [\"owner_id\"], \"distinct\": true, \"count\": true}")
                        .then()
                        .statusCode(200)
                        .body("data.owner_id", equalTo(List.of(caller.id())))
                        .body("count", equalTo(1));
                read(caller, verb, "{\"select\": [\"score\"], \"distinct\": true, \"orderby\": \"score desc\"}")
                        .then()
                        .statusCode(200)
                        .body("data.size()", equalTo(own.size()));

                Response paged = read(caller, verb, "{\"orderby\": \"score desc\", \"limit\": 2, \"offset\": 1}")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response();
                assertEquals(
                        ids("note", mine + " AND score < (SELECT max(score) FROM note WHERE " + mine + ")").stream()
                                .sorted((x, y) -> Integer.compare(score(y), score(x)))
                                .limit(2)
                                .toList(),
                        paged.path("data.id"));

                Response versioned = read(caller, verb, "{\"etag\": true}")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response();
                assertEquals(own, versioned.path("data.id"), verb);
                for (int i = 0; i < own.size(); i++) {
                    String etag = versioned.path("data[" + i + "]._etag");
                    assertEquals(
                            etag,
                            as(caller)
                                    .when()
                                    .get("/note/" + own.get(i))
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .header("ETag"));
                }
            }
            as(caller)
                    .when()
                    .get("/note?select=owner_id&distinct=true")
                    .then()
                    .statusCode(200)
                    .body("data.owner_id", equalTo(List.of(caller.id())));
            as(caller)
                    .when()
                    .get("/note?count=true&limit=1")
                    .then()
                    .statusCode(200)
                    .header("X-Total-Count", Integer.toString(own.size()));
            as(caller)
                    .queryParam("select", "[\"owner_id\",{\"count\":\"*\",\"as\":\"n\"}]")
                    .queryParam("groupby", "owner_id")
                    .when()
                    .get("/note")
                    .then()
                    .statusCode(200)
                    .body("data.n", equalTo(List.of(own.size())));
        }
    }

    private int score(int id) {
        return (Integer) server.scalar("SELECT score FROM note WHERE id = " + id);
    }

    @Test
    void embedsInBothDirectionsShowOnlyTheCallersNotes() {
        for (Caller caller : List.of(alice, bob)) {
            List<Integer> own = own(caller);
            for (String verb : READ_VERBS) {
                // comment → note, many-to-one: a comment on someone else's note embeds null
                Response comments = read(caller, verb, "comment", "{\"embed\": [\"note\"]}")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response();
                List<Map<String, Object>> rows = comments.path("data");
                assertEquals(
                        ids("comment", "1"),
                        rows.stream().map(row -> row.get("id")).toList(),
                        verb);
                for (Map<String, Object> row : rows) {
                    Object note = row.get("note");
                    if (own.contains((Integer) row.get("note_id"))) {
                        assertNotNull(note, verb + " " + row);
                        assertEquals(row.get("note_id"), ((Map<?, ?>) note).get("id"));
                        assertEquals(Set.of("id", "owner_id", "body", "score"), ((Map<?, ?>) note).keySet());
                    } else {
                        assertNull(note, caller.name() + " saw another user's note through an embed: " + row);
                    }
                }
                read(caller, verb, "comment", """
                        {"embed": {"note": {"select": ["id"], "where": {"owner_id": %d}}}}""".formatted(caller.victim()))
                        .then()
                        .statusCode(200)
                        .body("data.note", equalTo(java.util.Collections.nCopies(rows.size(), null)));

                // note → comment, one-to-many: only the caller's notes, each with all its comments
                Response notes = read(caller, verb, "{\"embed\": [\"comment\"]}")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response();
                assertEquals(own, notes.path("data.id"), verb);
                for (int i = 0; i < own.size(); i++) {
                    assertEquals(
                            ids("comment", "note_id = " + own.get(i)), notes.path("data[" + i + "].comment.id"), verb);
                }

                // user → note and note → user, across the users table's own rule
                Response users = read(caller, verb, "user", "{\"embed\": {\"note\": {\"orderby\": \"id\"}}}")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response();
                assertEquals(List.of(caller.id()), users.path("data.id"), verb);
                assertEquals(own, users.path("data[0].note.id"), verb);
                read(caller, verb, "{\"embed\": [\"user\"]}")
                        .then()
                        .statusCode(200)
                        .body("data.user.id", equalTo(java.util.Collections.nCopies(own.size(), caller.id())));

                // nested: comment → note → user
                Response nested = read(caller, verb, "comment", "{\"embed\": {\"note\": {\"embed\": [\"user\"]}}}")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response();
                List<Map<String, Object>> nestedRows = nested.path("data");
                for (Map<String, Object> row : nestedRows) {
                    if (row.get("note") instanceof Map<?, ?> note) {
                        assertEquals(caller.id(), ((Map<?, ?>) note.get("user")).get("id"));
                    }
                }
            }
            as(caller)
                    .when()
                    .get("/comment?embed=note")
                    .then()
                    .statusCode(200)
                    .body(
                            "data.findAll { it.note != null }.id",
                            equalTo(ids(
                                    "comment",
                                    "note_id IN (SELECT id FROM note WHERE owner_id = " + caller.id() + ")")));
        }
    }

    @Test
    void hasInBothDirectionsSeesOnlyTheCallersNotes() {
        for (Caller caller : List.of(alice, bob)) {
            String mine = "SELECT id FROM note WHERE owner_id = " + caller.id();
            for (String verb : READ_VERBS) {
                read(
                                caller,
                                verb,
                                "comment",
                                "{\"where\": {\"note\": {\"has\": {\"owner_id\": " + caller.victim() + "}}}}")
                        .then()
                        .statusCode(200)
                        .body("data", equalTo(List.of()));
                read(caller, verb, "comment", "{\"where\": {\"note\": {\"has\": {}}}}")
                        .then()
                        .statusCode(200)
                        .body("data.id", equalTo(ids("comment", "note_id IN (" + mine + ")")));
                read(caller, verb, "comment", "{\"where\": {\"note\": {\"has\": {\"body\": {\"like\": \"NOTE-%\"}}}}}")
                        .then()
                        .statusCode(200)
                        .body("data.id", equalTo(ids("comment", "note_id IN (" + mine + ")")));
                read(
                                caller,
                                verb,
                                "comment",
                                "{\"where\": {\"or\": [{\"note\": {\"has\": {\"score\": {\"gt\": 0}}}},"
                                        + " {\"id\": 0}]}}")
                        .then()
                        .statusCode(200)
                        .body("data.id", equalTo(ids("comment", "note_id IN (" + mine + ")")));
                read(caller, verb, "{\"where\": {\"comment\": {\"has\": {}}}}")
                        .then()
                        .statusCode(200)
                        .body(
                                "data.id",
                                equalTo(ids(
                                        "note",
                                        "owner_id = " + caller.id() + " AND id IN (SELECT note_id FROM comment)")));
                read(
                                caller,
                                verb,
                                "user",
                                "{\"where\": {\"note\": {\"has\": {\"owner_id\": " + caller.victim() + "}}}}")
                        .then()
                        .statusCode(200)
                        .body("data", equalTo(List.of()));
                read(caller, verb, "user", "{\"where\": {\"note\": {\"has\": {}}}}")
                        .then()
                        .statusCode(200)
                        .body("data.id", equalTo(List.of(caller.id())));
                read(
                                caller,
                                verb,
                                "{\"embed\": {\"comment\": {\"where\": {\"note\": {\"has\": {\"owner_id\": "
                                        + caller.victim() + "}}}}}}")
                        .then()
                        .statusCode(200)
                        .body("data.comment.flatten()", equalTo(List.of()));
            }
        }
    }

    @Test
    void cursorPagingToTheEndStaysInsideTheRule() {
        for (Caller caller : List.of(alice, bob)) {
            for (String verb : READ_VERBS) {
                for (String order : List.of("id", "score desc", "body desc nulls last")) {
                    assertEquals(ordered(caller, order), pageToTheEnd(caller, verb, order, null), verb + " " + order);
                }
            }
            List<Integer> seen = new ArrayList<>();
            String cursor = null;
            do {
                Response page = as(caller)
                        .queryParam("limit", 1)
                        .queryParam("orderby", "score desc")
                        .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                        .when()
                        .get("/note")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response();
                seen.addAll(page.path("data.id"));
                cursor = page.path("next");
            } while (cursor != null && seen.size() < 20);
            assertEquals(ordered(caller, "score desc"), seen);
        }
        // a cursor is bound to its query, not to its caller: bob may replay alice's, and still sees only his rows
        String alices = read(alice, "FETCH", "{\"limit\": 1, \"orderby\": \"id\"}")
                .then()
                .extract()
                .path("next");
        assertEquals(own(bob), pageToTheEnd(bob, "FETCH", "id", alices));
    }

    /** The caller's note ids in {@code order}, from the database. */
    private List<Integer> ordered(Caller caller, String order) {
        String sql = order.replace(" nulls last", " NULLS LAST");
        Object joined = server.scalar("SELECT group_concat(id) FROM (SELECT id FROM note WHERE owner_id = "
                + caller.id() + " ORDER BY " + sql + ", id " + (sql.contains("desc") ? "desc" : "asc") + ")");
        return Arrays.stream(joined.toString().split(",")).map(Integer::valueOf).toList();
    }

    private List<Integer> pageToTheEnd(Caller caller, String verb, String order, String firstCursor) {
        List<Integer> seen = new ArrayList<>();
        String cursor = firstCursor;
        int pages = 0;
        do {
            String body = "{\"limit\": 1, \"orderby\": \"" + order + "\""
                    + (cursor == null ? "" : ", \"cursor\": \"" + cursor + "\"") + "}";
            Response page =
                    read(caller, verb, body).then().statusCode(200).extract().response();
            seen.addAll(page.path("data.id"));
            cursor = page.path("next");
        } while (cursor != null && ++pages < 20);
        return seen;
    }

    @Test
    void csvListsShowOnlyTheCallersRowsAndNoHiddenColumn() {
        for (Caller caller : List.of(alice, bob)) {
            List<Integer> own = own(caller);
            for (Response csv : List.of(
                    as(caller).accept("text/csv").when().get("/note"),
                    as(caller)
                            .accept("text/csv")
                            .body("{\"orderby\": \"id\"}")
                            .when()
                            .request("FETCH", "/note"),
                    as(caller).accept("text/csv").body("{}").when().request("QUERY", "/note"),
                    as(caller).accept("text/csv").body("{}").when().post("/note/_query"))) {
                csv.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"));
                List<String> lines = csv.asString().lines().toList();
                assertEquals("id,owner_id,body,score", lines.get(0));
                assertEquals(
                        own,
                        lines.subList(1, lines.size()).stream()
                                .map(line -> Integer.valueOf(line.split(",")[0]))
                                .toList());
            }
            String embedded = as(caller)
                    .accept("text/csv")
                    .body("{\"embed\": [\"note\"]}")
                    .when()
                    .request("FETCH", "/comment")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertEquals("id,note_id,text,note", embedded.lines().findFirst().orElseThrow());
            long shown =
                    embedded.lines().skip(1).filter(line -> !line.endsWith(",")).count();
            assertEquals(
                    ids("comment", "note_id IN (SELECT id FROM note WHERE owner_id = " + caller.id() + ")")
                            .size(),
                    shown);
            as(caller)
                    .accept("text/csv")
                    .body("{\"select\": [\"id\", \"secret\"]}")
                    .when()
                    .request("FETCH", "/note")
                    .then()
                    .statusCode(400)
                    .contentType(org.hamcrest.Matchers.startsWith("application/json"))
                    .body("code", equalTo("hidden_column"));
        }
    }

    @Test
    void batchesSeeAndChangeOnlyTheCallersRows() {
        for (Caller caller : List.of(alice, bob)) {
            List<Integer> own = own(caller);
            int others = ids("note", "owner_id <> " + caller.id()).get(0);
            leavesOthersUntouched(caller, "batch of reads and an insert", () -> {
                Response batch = as(caller)
                        .body("""
                        [{"method": "FETCH", "table": "note", "body": {"count": true}},
                         {"method": "GET", "table": "note", "key": %d},
                         {"method": "POST", "table": "note", "body": {"body": "via batch"}},
                         {"method": "FETCH", "table": "note", "body": {"where": {"id": {"$ref": "2.id"}}}},
                         {"method": "GET", "table": "note", "params": {"owner_id": "%d"}},
                         {"method": "QUERY", "table": "comment", "body": {"embed": ["note"], "where": {"note_id": %d}}}]""".formatted(own.get(0), caller.victim(), others))
                        .when()
                        .post("/_batch")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response();
                assertEquals(own, batch.path("data[0].data.id"));
                assertEquals(own.size(), (int) batch.path("data[0].count"));
                assertEquals(own.get(0), batch.path("data[1].data.id"));
                assertEquals(caller.id(), (int) batch.path("data[2].data.owner_id"));
                assertEquals(List.of((Integer) batch.path("data[2].data.id")), batch.path("data[3].data.id"));
                assertEquals(List.of(), batch.path("data[4].data"));
                List<Object> notes = batch.path("data[5].data.note");
                assertTrue(notes.stream().allMatch(java.util.Objects::isNull), notes.toString());
            });
            int notes = ((Number) server.scalar("SELECT count(*) FROM note")).intValue();
            leavesOthersUntouched(
                    caller,
                    "batch that ends on another user's row",
                    () -> as(caller)
                            .body("""
                    [{"method": "POST", "table": "note", "body": {"body": "rolled back"}},
                     {"method": "PUT", "table": "note", "key": %d, "body": {"body": {"$ref": "0.body"}}}]""".formatted(others))
                            .when()
                            .post("/_batch")
                            .then()
                            .statusCode(404)
                            .body("data.index", equalTo(1)));
            assertEquals(
                    notes,
                    ((Number) server.scalar("SELECT count(*) FROM note")).intValue(),
                    "the batch was rolled back");
            leavesOthersUntouched(
                    caller,
                    "batch of bulk writes",
                    () -> as(caller)
                            .body("""
                    [{"method": "PUT", "table": "note", "body": {"where": {"owner_id": %1$d}, "set": {"body": "x"}}},
                     {"method": "DELETE", "table": "note", "body": {"where": {"owner_id": %1$d}}},
                     {"method": "DELETE", "table": "note", "key": %2$d}]""".formatted(caller.victim(), others))
                            .when()
                            .post("/_batch")
                            .then()
                            .statusCode(404)
                            .body("data.index", equalTo(2)));
            as(caller)
                    .body("""
                    [{"method": "GET", "table": "note", "key": %d},
                     {"method": "POST", "table": "note", "body": {"body": {"$ref": "0.secret"}}}]""".formatted(own.get(0)))
                    .when()
                    .post("/_batch")
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("invalid_ref"));
            as(caller)
                    .body("""
                    [{"method": "GET", "table": "note", "key": %d},
                     {"method": "POST", "table": "note", "body": {"body": {"$ref": "0.memo"}}}]""".formatted(own.get(0)))
                    .when()
                    .post("/_batch")
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("invalid_ref"));
            int mine = own(caller).size();
            leavesOthersUntouched(
                    caller,
                    "batch that deletes everything it may",
                    () -> as(caller)
                            .body("""
                    [{"method": "PUT", "table": "note", "body": {"all": true, "set": {"score": 0}}},
                     {"method": "DELETE", "table": "note", "body": {"all": true}}]""")
                            .when()
                            .post("/_batch")
                            .then()
                            .statusCode(200)
                            .body("data[0].data.updated", equalTo(mine))
                            .body("data[1].data.deleted", equalTo(mine)));
            assertEquals(List.of(), own(caller));
        }
    }

    @Test
    void updatesByKeyBulkAndAllNeverTouchAnotherUsersRows() {
        for (Caller caller : List.of(bob, alice)) {
            List<Integer> own = own(caller);
            for (int other : ids("note", "owner_id <> " + caller.id())) {
                leavesOthersUntouched(caller, "PUT /note/" + other, () -> {
                    as(caller)
                            .body("{\"body\": \"mine now\"}")
                            .when()
                            .put("/note/" + other)
                            .then()
                            .statusCode(404);
                    as(caller)
                            .header("If-Match", "*")
                            .body("{\"body\": \"mine now\"}")
                            .when()
                            .put("/note/" + other)
                            .then()
                            .statusCode(404);
                    as(caller)
                            .header("If-Match", "\"0123456789abcdef0123456789abcdef\"")
                            .body("{\"body\": \"mine now\"}")
                            .when()
                            .put("/note/" + other)
                            .then()
                            .statusCode(404); // not a 412 that shows the row
                    as(caller)
                            .body("{\"id\": " + other + ", \"body\": \"mine now\"}")
                            .when()
                            .put("/note")
                            .then()
                            .statusCode(404);
                    as(caller)
                            .body("{\"score\": 1}")
                            .when()
                            .put("/note/" + other)
                            .then()
                            .statusCode(404);
                });
            }
            leavesOthersUntouched(caller, "bulk PUTs", () -> {
                as(caller)
                        .body("{\"where\": {\"owner_id\": " + caller.victim() + "}, \"set\": {\"body\": \"x\"}}")
                        .when()
                        .put("/note")
                        .then()
                        .statusCode(200)
                        .body("data.updated", equalTo(0));
                as(caller)
                        .body("{\"where\": {\"id\": {\"gt\": 0}}, \"set\": {\"body\": \"bulk\"}}")
                        .when()
                        .put("/note")
                        .then()
                        .statusCode(200)
                        .body("data.updated", equalTo(own.size()));
                as(caller)
                        .header("If-Match", "*")
                        .body("{\"where\": {\"or\": [{\"owner_id\": 3}, {\"score\": {\"gte\": 0}}]},"
                                + " \"set\": {\"score\": 7}}")
                        .when()
                        .put("/note")
                        .then()
                        .statusCode(200)
                        .body("data.updated", equalTo(own.size()));
                as(caller)
                        .body("{\"all\": true, \"set\": {\"score\": 8}}")
                        .when()
                        .put("/note")
                        .then()
                        .statusCode(200)
                        .body("data.updated", equalTo(own.size()));
                // has in a bulk write: refused or not, nothing of another user's may change
                as(caller)
                        .body("{\"where\": {\"comment\": {\"has\": {}}}, \"set\": {\"score\": 8}}")
                        .when()
                        .put("/note")
                        .then()
                        .statusCode(org.hamcrest.Matchers.lessThan(500));
            });
            assertEquals(
                    own.size(),
                    ((Number) server.scalar("SELECT count(*) FROM note WHERE body = 'bulk' AND score = 8"
                                    + " AND owner_id = " + caller.id()))
                            .intValue());
            leavesOthersUntouched(caller, "change of owner", () -> {
                as(caller)
                        .body("{\"owner_id\": " + caller.victim() + "}")
                        .when()
                        .put("/note/" + own.get(0))
                        .then()
                        .statusCode(403)
                        .body("code", equalTo("forbidden"));
                as(caller)
                        .body("{\"where\": {\"id\": " + own.get(0) + "}, \"set\": {\"owner_id\": " + caller.victim()
                                + "}}")
                        .when()
                        .put("/note")
                        .then()
                        .statusCode(403);
                as(caller)
                        .body("{\"all\": true, \"set\": {\"owner_id\": " + caller.victim() + "}}")
                        .when()
                        .put("/note")
                        .then()
                        .statusCode(403);
            });
            assertEquals(own, own(caller));
        }
    }

    @Test
    void deletesByKeyBulkAndAllNeverTouchAnotherUsersRows() {
        for (Caller caller : List.of(bob, alice)) {
            for (int other : ids("note", "owner_id <> " + caller.id())) {
                leavesOthersUntouched(caller, "DELETE /note/" + other, () -> {
                    as(caller)
                            .when()
                            .delete("/note/" + other)
                            .then()
                            .statusCode(404)
                            .body("code", equalTo("row_not_found"));
                    as(caller)
                            .header("If-Match", "*")
                            .when()
                            .delete("/note/" + other)
                            .then()
                            .statusCode(404);
                    as(caller)
                            .header("If-Match", "\"0123456789abcdef0123456789abcdef\"")
                            .when()
                            .delete("/note/" + other)
                            .then()
                            .statusCode(404);
                });
            }
            List<Integer> own = own(caller);
            leavesOthersUntouched(caller, "bulk DELETEs", () -> {
                as(caller)
                        .body("{\"where\": {\"owner_id\": " + caller.victim() + "}}")
                        .when()
                        .delete("/note")
                        .then()
                        .statusCode(200)
                        .body("data.deleted", equalTo(0));
                as(caller)
                        .body("{\"where\": {\"id\": "
                                + ids("note", "owner_id <> " + caller.id()).get(0) + "}}")
                        .when()
                        .delete("/note")
                        .then()
                        .statusCode(200)
                        .body("data.deleted", equalTo(0));
                as(caller)
                        .body("{\"where\": {\"or\": [{\"owner_id\": 3}, {\"id\": " + own.get(0) + "}]}}")
                        .when()
                        .delete("/note")
                        .then()
                        .statusCode(200)
                        .body("data.deleted", equalTo(1));
                as(caller)
                        .header("If-Match", "*")
                        .body("{\"all\": true}")
                        .when()
                        .delete("/note")
                        .then()
                        .statusCode(200)
                        .body("data.deleted", equalTo(own.size() - 1));
            });
            assertEquals(List.of(), own(caller));
        }
        assertEquals(List.of(6), ids("note", "1"));
        assertEquals(List.of(5), ids("comment", "1"));
    }

    @Test
    void insertsAreOwnedByTheCaller() {
        for (Caller caller : List.of(alice, bob)) {
            leavesOthersUntouched(caller, "inserts", () -> {
                int id = as(caller)
                        .body("{\"body\": \"new\", \"secret\": \"written\"}")
                        .when()
                        .post("/note")
                        .then()
                        .statusCode(201)
                        .body("data.owner_id", equalTo(caller.id()))
                        .body("data.keySet()", equalTo(Set.of("id", "owner_id", "body", "score")))
                        .extract()
                        .path("data.id");
                assertEquals("written", server.scalar("SELECT secret FROM note WHERE id = " + id));
                as(caller)
                        .body("[{\"body\": \"a\"}, {\"body\": \"b\"}]")
                        .when()
                        .post("/note")
                        .then()
                        .statusCode(201)
                        .body("data.owner_id", equalTo(List.of(caller.id(), caller.id())));
                as(caller)
                        .body("{\"body\": \"forged\", \"owner_id\": " + caller.victim() + "}")
                        .when()
                        .post("/note")
                        .then()
                        .statusCode(403)
                        .body("code", equalTo("forbidden"));
                as(caller)
                        .body("[{\"body\": \"ok\"}, {\"body\": \"forged\", \"owner_id\": " + caller.victim() + "}]")
                        .when()
                        .post("/note")
                        .then()
                        .statusCode(403);
                as(caller)
                        .body("{\"id\": "
                                + ids("note", "owner_id = " + caller.victim()).get(0) + ", \"body\": \"x\"}")
                        .when()
                        .post("/note")
                        .then()
                        .statusCode(409)
                        .body("code", equalTo("unique_violation"));
                as(caller)
                        .body("{\"body\": \"x\"}")
                        .when()
                        .post("/comment")
                        .then()
                        .statusCode(403);
            });
            assertEquals(
                    3,
                    ((Number) server.scalar("SELECT count(*) FROM note WHERE body IN ('new', 'a', 'b') AND owner_id = "
                                    + caller.id()))
                            .intValue());
        }
    }

    @Test
    void upsertsCannotTakeOverAnotherUsersRow() {
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (Caller caller : List.of(bob, alice)) {
            for (int other :
                    List.of(ids("note", "owner_id = " + caller.victim()).get(0), 6)) { // the other user's, carol's
                String row = "{\"id\": " + other + ", \"body\": \"taken over\"}";
                checks.add(() -> leavesOthersUntouched(
                        caller,
                        "POST /note?on_conflict=update " + row,
                        () -> refused(as(caller).body(row).when().post("/note?on_conflict=update"))));
                checks.add(() -> leavesOthersUntouched(
                        caller,
                        "batch POST with on_conflict=update " + row,
                        () -> refused(as(caller)
                                .body("[{\"method\": \"POST\", \"table\": \"note\","
                                        + " \"params\": {\"on_conflict\": \"update\"}, \"body\": " + row + "}]")
                                .when()
                                .post("/_batch"))));
                checks.add(() -> leavesOthersUntouched(
                        caller,
                        "POST /note?on_conflict=ignore " + row,
                        () -> as(caller)
                                .body(row)
                                .when()
                                .post("/note?on_conflict=ignore")
                                .then()
                                .statusCode(200)
                                .body("data", equalTo(null))));
            }
        }
        org.junit.jupiter.api.Assertions.assertAll(checks);
    }

    private static void refused(Response answer) {
        assertTrue(
                answer.statusCode() >= 400 && answer.statusCode() < 500,
                "an upsert onto another user's row must be refused, got " + answer.statusCode() + " "
                        + answer.asString());
    }

    @Test
    void hiddenColumnsAreRefusedWhereverAColumnIsNamed() {
        for (String hidden : List.of("secret", "memo")) {
            List<String> bodies = List.of(
                    "{\"select\": [\"%s\"]}",
                    "{\"select\": \"id,%s\"}",
                    "{\"select\": [\"id\", {\"max\": \"%s\"}]}",
                    "{\"select\": [{\"count\": \"%s\"}]}",
                    "{\"where\": {\"%s\": \"x\"}}",
                    "{\"where\": {\"%s\": null}}",
                    "{\"where\": {\"%s\": {\"like\": \"SEC%%\"}}}",
                    "{\"where\": {\"not\": {\"%s\": {\"ne\": \"x\"}}}}",
                    "{\"where\": {\"or\": [{\"id\": 0}, {\"%s\": {\"gt\": \"\"}}]}}",
                    "{\"orderby\": \"%s\"}",
                    "{\"orderby\": [\"id\", \"%s desc\"]}",
                    "{\"groupby\": [\"%s\"]}",
                    "{\"groupby\": \"owner_id,%s\"}",
                    "{\"select\": [\"id\"], \"distinct\": true, \"orderby\": \"%s\"}");
            for (Caller caller : List.of(alice, bob)) {
                for (String verb : READ_VERBS) {
                    for (String body : bodies) {
                        read(caller, verb, body.formatted(hidden))
                                .then()
                                .statusCode(400)
                                .body("code", equalTo("hidden_column"));
                    }
                    // having may only name group columns and aliases: a hidden column can be neither
                    read(
                                    caller,
                                    verb,
                                    ("{\"select\": [\"owner_id\", {\"count\": \"*\", \"as\": \"n\"}], \"groupby\": \"owner_id\","
                                                    + " \"having\": {\"%s\": {\"ne\": \"x\"}}}")
                                            .formatted(hidden))
                            .then()
                            .statusCode(400)
                            .body("code", org.hamcrest.Matchers.oneOf("hidden_column", "unknown_column"));
                    for (String body : List.of(
                            "{\"embed\": {\"note\": {\"select\": [\"%s\"]}}}",
                            "{\"embed\": {\"note\": {\"where\": {\"%s\": \"x\"}}}}",
                            "{\"embed\": {\"note\": {\"orderby\": \"%s\"}}}",
                            "{\"where\": {\"note\": {\"has\": {\"%s\": {\"like\": \"SEC%%\"}}}}}")) {
                        read(caller, verb, "comment", body.formatted(hidden))
                                .then()
                                .statusCode(400)
                                .body("code", equalTo("hidden_column"));
                    }
                    read(caller, verb, "user", "{\"embed\": {\"note\": {\"select\": [\"%s\"]}}}".formatted(hidden))
                            .then()
                            .statusCode(400)
                            .body("code", equalTo("hidden_column"));
                }
                for (String[] param : List.of(
                        new String[] {hidden, "x"},
                        new String[] {hidden + "[like]", "SEC%"},
                        new String[] {"select", "id," + hidden},
                        new String[] {"orderby", hidden},
                        new String[] {"groupby", hidden},
                        new String[] {"where", "{\"" + hidden + "\": \"x\"}"})) {
                    as(caller)
                            .queryParam(param[0], param[1])
                            .when()
                            .get("/note")
                            .then()
                            .statusCode(400)
                            .body("code", equalTo("hidden_column"));
                }
                as(caller)
                        .body("[{\"method\": \"FETCH\", \"table\": \"note\", \"body\": {\"where\": {\"%s\": \"x\"}}}]"
                                .formatted(hidden))
                        .when()
                        .post("/_batch")
                        .then()
                        .statusCode(400)
                        .body("code", equalTo("hidden_column"));
                leavesOthersUntouched(caller, "writes filtered by a hidden column", () -> {
                    as(caller)
                            .body("{\"where\": {\"%s\": {\"like\": \"%%\"}}, \"set\": {\"body\": \"x\"}}"
                                    .formatted(hidden))
                            .when()
                            .put("/note")
                            .then()
                            .statusCode(400)
                            .body("code", equalTo("hidden_column"));
                    as(caller)
                            .body("{\"where\": {\"%s\": {\"like\": \"%%\"}}}".formatted(hidden))
                            .when()
                            .delete("/note")
                            .then()
                            .statusCode(400)
                            .body("code", equalTo("hidden_column"));
                });
            }
        }
        assertEquals(7, server.scalar("SELECT count(*) FROM note WHERE body LIKE 'NOTE-%'"));
    }

    @Test
    void hiddenColumnsNeverAppearInAnyAnswer() {
        // the markers are real: an admin, whose rules hide nothing more, sees memo (secret is hidden for all)
        server.http()
                .header("X-API-Key", "admin-key-0123456789abcdef")
                .when()
                .get("/note/1")
                .then()
                .statusCode(200)
                .body("data.memo", equalTo("MEMO-A1"))
                .body("data", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("secret")));
        Set<String> visible = Set.of("id", "owner_id", "body", "score");
        Caller caller = alice;
        as(caller).when().get("/note/1").then().statusCode(200).body("data.keySet()", equalTo(visible));
        as(caller).when().get("/note").then().statusCode(200).body("data[0].keySet()", equalTo(visible));
        read(caller, "FETCH", "{\"etag\": true}")
                .then()
                .statusCode(200)
                .body("data[0].keySet()", equalTo(Set.of("id", "owner_id", "body", "score", "_etag")));
        read(caller, "FETCH", "comment", "{\"embed\": [\"note\"]}")
                .then()
                .statusCode(200)
                .body("data[0].note.keySet()", equalTo(visible));
        read(caller, "FETCH", "user", "{\"embed\": [\"note\"]}")
                .then()
                .statusCode(200)
                .body("data[0].note[0].keySet()", equalTo(visible));
        as(caller)
                .body(
                        "[{\"method\": \"GET\", \"table\": \"note\", \"key\": 1}, {\"method\": \"FETCH\", \"table\": \"note\"}]")
                .when()
                .post("/_batch")
                .then()
                .statusCode(200)
                .body("data[0].data.keySet()", equalTo(visible))
                .body("data[1].data[0].keySet()", equalTo(visible));
        as(caller)
                .body("{\"body\": \"changed\", \"memo\": \"MEMO-written\"}")
                .when()
                .put("/note/1")
                .then()
                .statusCode(200)
                .body("data.keySet()", equalTo(visible));
        assertEquals("MEMO-written", server.scalar("SELECT memo FROM note WHERE id = 1"));
        for (Response stale : List.of(
                as(caller)
                        .header("If-Match", "\"0123456789abcdef0123456789abcdef\"")
                        .body("{\"body\": \"x\"}")
                        .when()
                        .put("/note/2"),
                as(caller)
                        .header("If-Match", "\"0123456789abcdef0123456789abcdef\"")
                        .body("{\"id\": 2, \"body\": \"x\"}")
                        .when()
                        .put("/note"),
                as(caller)
                        .header("If-Match", "\"0123456789abcdef0123456789abcdef\"")
                        .when()
                        .delete("/note/2"))) {
            stale.then()
                    .statusCode(412)
                    .body("code", equalTo("etag_mismatch"))
                    .body("data.keySet()", equalTo(visible))
                    .body("data.id", equalTo(2));
        }
        as(caller).when().delete("/note/3").then().statusCode(200).body("data.keySet()", equalTo(visible));
        as(caller)
                .body("{\"body\": \"posted\", \"secret\": \"SECRET-new\", \"memo\": \"MEMO-new\"}")
                .when()
                .post("/note")
                .then()
                .statusCode(201)
                .body("data.keySet()", equalTo(visible));
        as(caller).when().get("/_schema").then().statusCode(200); // lists the columns, never their values
    }

    /**
     * An ETag covers the hidden columns too (so that a change to them changes it), but it must not
     * let a caller test guesses of their values: were it a plain hash of the row, bob could hash
     * candidate rows offline, compare, and so read the hidden values of his own notes after all.
     */
    @Test
    void anEtagCannotBeUsedToTestGuessesOfHiddenValues() throws Exception {
        String etag =
                as(bob).when().get("/note/4").then().statusCode(200).extract().header("ETag");
        String found = null;
        for (int s = 0; s <= 9 && found == null; s++) {
            for (int m = 0; m <= 9; m++) { // bob knows id, owner_id, body and score; he guesses the two hidden values
                String candidate = "4,2,'NOTE-B1','SECRET-B" + s + "','MEMO-B" + m + "',40";
                byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (etag.equals("\"" + java.util.HexFormat.of().formatHex(hash, 0, 16) + "\"")) {
                    found = candidate;
                    break;
                }
            }
        }
        assertNull(found, "bob recovered his note's hidden secret and memo from its ETag " + etag + ": " + found);
        String listed = read(bob, "FETCH", "{\"etag\": true, \"where\": {\"id\": 4}}")
                .then()
                .statusCode(200)
                .extract()
                .path("data[0]._etag");
        assertEquals(etag, listed);
    }

    @Test
    void basicCredentialsGetTheSameRulesAsTokens() {
        String basic = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString("bob@example.com:bob-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Filter recorder = (request, response, context) -> {
            Response answer = context.next(request, response);
            answers.add(new String[] {"bob", request.getMethod() + " " + request.getURI(), answer.asString()});
            return answer;
        };
        server.http()
                .header("Authorization", basic)
                .filter(recorder)
                .when()
                .get("/note")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(own(bob)));
        server.http()
                .header("Authorization", basic)
                .filter(recorder)
                .when()
                .get("/note/1")
                .then()
                .statusCode(404);
        server.http()
                .header("Authorization", basic)
                .filter(recorder)
                .body("{\"body\": \"x\"}")
                .when()
                .put("/note/1")
                .then()
                .statusCode(404);
        assertEquals("NOTE-A1", server.scalar("SELECT body FROM note WHERE id = 1"));
    }
}
