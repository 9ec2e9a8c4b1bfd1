package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * A write whose row a database trigger changes after the statement: the trigger copies the
 * project's owner into the task, the column the caller's row rule compares. SQLite and PostgreSQL
 * return the row as the statement left it, before an AFTER trigger's UPDATE, so a rule checked on
 * the returned values let a caller write a task into another user's project (attack review of
 * session 12). The rule must hold for the row as stored. MariaDB may not update the table a
 * trigger fires on; its BEFORE trigger sets the owner the same way. Live queries likewise took
 * the returned row for the change, and sent it to a reader whose rule the stored row is outside.
 */
class TriggerRulesAttackTest {
    private static final String MINE = "{\"where\": {\"owner\": \"$auth.role\"}}";
    private static final String CONFIG = """
            {
              "auth": {"api_keys": {"alice-key-0123456789abcdef": "alice", "admin-key-0123456789abcdef": "admin"}},
              "rules": {
                "alice": {"task": {"read": %s, "insert": true, "update": %s}, "project": {"read": true}},
                "admin": {"*": {"read": true, "insert": true, "update": true}}
              }
            }""".formatted(MINE, MINE);
    private static final TestDatabase DATABASE = TestDatabase.current();

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE project (id INTEGER PRIMARY KEY, owner VARCHAR(20))")
            .withFixture("INSERT INTO project VALUES (1, 'alice'), (2, 'bob')")
            .withFixture("CREATE TABLE task (id INTEGER PRIMARY KEY, project_id INTEGER, owner VARCHAR(20),"
                    + " title VARCHAR(40))")
            .withFixture("INSERT INTO task VALUES (1, 1, 'alice', 'mine'), (2, 2, 'bob', 'bobs')")
            .withFixture(DATABASE.pick(
                    "CREATE TRIGGER task_owner AFTER INSERT ON task BEGIN UPDATE task SET owner ="
                            + " (SELECT owner FROM project WHERE id = NEW.project_id) WHERE id = NEW.id; END",
                    "CREATE FUNCTION task_owner() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE task"
                            + " SET owner = (SELECT owner FROM project WHERE id = NEW.project_id)"
                            + " WHERE id = NEW.id; RETURN NULL; END $$",
                    "CREATE TRIGGER task_owner BEFORE INSERT ON task FOR EACH ROW SET NEW.owner ="
                            + " (SELECT owner FROM project WHERE id = NEW.project_id)"))
            .withFixture(DATABASE.pick(
                    "CREATE TRIGGER task_moved AFTER UPDATE OF project_id ON task BEGIN UPDATE task SET owner ="
                            + " (SELECT owner FROM project WHERE id = NEW.project_id) WHERE id = NEW.id; END",
                    "CREATE TRIGGER task_owner AFTER INSERT OR UPDATE OF project_id ON task"
                            + " FOR EACH ROW EXECUTE FUNCTION task_owner()",
                    "CREATE TRIGGER task_moved BEFORE UPDATE ON task FOR EACH ROW SET NEW.owner ="
                            + " (SELECT owner FROM project WHERE id = NEW.project_id)"))
            .withConfigText(CONFIG);

    private RequestSpecification alice() {
        return server.http().header("X-API-Key", "alice-key-0123456789abcdef");
    }

    @Test
    void anInsertWhoseRowATriggerMovesOutsideTheRuleIsRefused() {
        alice().body("{\"id\": 10, \"project_id\": 2, \"owner\": \"alice\", \"title\": \"sneaked in\"}")
                .when()
                .post("/task")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        assertEquals(0, ((Number) server.scalar("SELECT count(*) FROM task WHERE id = 10")).longValue());
    }

    @Test
    void anUpdateWhoseRowATriggerMovesOutsideTheRuleIsRefused() {
        alice().body("{\"project_id\": 2}")
                .when()
                .put("/task/1")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        assertEquals("alice", server.scalar("SELECT owner FROM task WHERE id = 1"));
        // a write the trigger leaves inside the rule still works
        alice().body("{\"id\": 11, \"project_id\": 1, \"owner\": \"alice\"}")
                .when()
                .post("/task")
                .then()
                .statusCode(201);
    }

    @Test
    void aLiveQueryNeverGetsARowATriggerMovedOutsideTheReadersRule() {
        try (SseClient alice =
                SseClient.get(server.port(), "/task", Map.of("X-API-Key", "alice-key-0123456789abcdef"))) {
            assertEquals(200, alice.status());
            alice.ready();
            RequestSpecification admin = server.http().header("X-API-Key", "admin-key-0123456789abcdef");
            admin.body("{\"id\": 50, \"project_id\": 2, \"owner\": \"alice\", \"title\": \"bob's plans\"}")
                    .when()
                    .post("/task")
                    .then()
                    .statusCode(201);
            server.http()
                    .header("X-API-Key", "admin-key-0123456789abcdef")
                    .body("{\"project_id\": 2, \"title\": \"bob's now\"}")
                    .when()
                    .put("/task/1")
                    .then()
                    .statusCode(200);
            SseClient.Event next = alice.next();
            assertEquals("delete", next.name(), next.data());
            assertEquals(1, next.row().get("id").getAsInt());
            assertEquals("mine", next.row().get("title").getAsString(), "the row as alice last saw it");
        }
    }
}
