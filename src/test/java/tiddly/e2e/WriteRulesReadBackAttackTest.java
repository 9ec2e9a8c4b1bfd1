package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * Attacks on write rules that the database checks by reading the written rows back (a rule with
 * {@code has}): a row outside the rule past the first 200 keys of a bulk insert, upserts, a key
 * changed together with the owner, batches and imports. Each is refused and leaves nothing behind,
 * on SQLite, PostgreSQL and MariaDB (which has no UPDATE … RETURNING and finds moved rows by the
 * key the update set). Held when tried in the attack review of session 10.
 */
class WriteRulesReadBackAttackTest {
    private static final String MINE = "{\"where\": {\"project\": {\"has\": {\"owner\": \"$auth.role\"}}}}";
    private static final String CONFIG = """
            {
              "auth": {"api_keys": {"alice-key-0123456789abcdef": "alice"}},
              "rules": {
                "alice": {"task": {"read": %s, "insert": %s, "update": %s}, "project": {"read": true}}
              }
            }""".formatted(MINE, MINE, MINE);

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE project (id INTEGER PRIMARY KEY, owner VARCHAR(20))")
            .withFixture("INSERT INTO project VALUES (1, 'alice'), (2, 'bob')")
            .withFixture("CREATE TABLE task (id INTEGER PRIMARY KEY, project_id INTEGER REFERENCES project(id),"
                    + " title VARCHAR(40))")
            .withFixture("INSERT INTO task VALUES (1, 1, 'mine'), (2, 2, 'bobs')")
            .withConfigText(CONFIG);

    private RequestSpecification alice() {
        return server.http().header("X-API-Key", "alice-key-0123456789abcdef");
    }

    private long outside() {
        return ((Number) server.scalar("SELECT count(*) FROM task WHERE project_id <> 1")).longValue();
    }

    private long tasks() {
        return ((Number) server.scalar("SELECT count(*) FROM task")).longValue();
    }

    @Test
    void aBulkInsertWithOneRowOutsideTheRulePastTheFirst200KeysIsRefusedWhole() {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            rows.append(i > 0 ? "," : "")
                    .append("{\"id\": ")
                    .append(100 + i)
                    .append(", \"project_id\": ")
                    .append(i == 250 ? 2 : 1)
                    .append("}");
        }
        alice().body(rows.append("]").toString())
                .when()
                .post("/task")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        assertEquals(2, tasks());
    }

    @Test
    void upsertsCannotTakeOverOrCreateRowsOutsideTheRule() {
        alice().body("{\"id\": 2, \"project_id\": 1, \"title\": \"stolen\"}")
                .when()
                .post("/task?on_conflict=update")
                .then()
                .statusCode(409)
                .body("code", equalTo("unique_violation"));
        alice().body("[{\"id\": 2, \"project_id\": 2}, {\"id\": 3, \"project_id\": 2}]")
                .when()
                .post("/task?on_conflict=ignore")
                .then()
                .statusCode(403);
        assertEquals("bobs", server.scalar("SELECT title FROM task WHERE id = 2"));
        assertEquals(2, tasks());
    }

    @Test
    void changingTheKeyAndTheOwnerTogetherIsRefused() {
        alice().body("{\"where\": {\"id\": 1}, \"set\": {\"id\": 77, \"project_id\": 2}}")
                .when()
                .put("/task")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        alice().body("{\"project_id\": 2}").when().put("/task/1").then().statusCode(403);
        assertEquals(0, ((Number) server.scalar("SELECT count(*) FROM task WHERE id = 77")).longValue());
        assertEquals(1, outside());
        // the key alone may change: the row stays inside the rule
        alice().body("{\"where\": {\"id\": 1}, \"set\": {\"id\": 78}}")
                .when()
                .put("/task")
                .then()
                .statusCode(200)
                .body("data.updated", equalTo(1));
    }

    @Test
    void aBatchThatMovesItsOwnNewRowOutIsRolledBackWhole() {
        alice().body("""
                        [{"method": "POST", "table": "task", "body": {"id": 60, "project_id": 1}},
                         {"method": "PUT", "table": "task", "key": "60", "body": {"project_id": 2}}]""").when().post("/_batch").then().statusCode(403).body("data.index", equalTo(1));
        assertEquals(2, tasks());
    }

    @Test
    void anImportRejectsOnlyTheRecordOutsideTheRule() {
        StringBuilder csv = new StringBuilder("id,project_id,title\n");
        for (int i = 0; i < 1500; i++) {
            csv.append(1000 + i).append(',').append(i == 1200 ? 2 : 1).append(",t\n");
        }
        alice().contentType("text/csv; charset=utf-8")
                .body(csv.toString())
                .when()
                .post("/task")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(1499))
                .body("data.rejections[0].line", equalTo(1202))
                .body("data.rejections[0].code", equalTo("forbidden"));
        assertEquals(1, outside());
    }
}
