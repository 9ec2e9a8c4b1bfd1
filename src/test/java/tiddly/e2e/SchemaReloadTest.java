package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/** New tables and columns appear and dropped ones go without a restart, on every database. */
class SchemaReloadTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void postReloadServesNewTablesAndColumnsAndForgetsDroppedOnes() {
        server.http().when().get("/shelf").then().statusCode(404).body("code", equalTo("unknown_table"));
        server.execute("CREATE TABLE shelf (id INTEGER PRIMARY KEY, label VARCHAR(20))");
        server.execute("ALTER TABLE author ADD COLUMN country VARCHAR(20)");
        server.execute("DROP TABLE \"dual\"");
        server.http().when().post("/_schema/reload").then().statusCode(200).body("data.tables", equalTo(5));
        server.http()
                .body("{\"id\": 1, \"label\": \"top\"}")
                .when()
                .post("/shelf")
                .then()
                .statusCode(201)
                .body("data.label", equalTo("top"));
        server.http().when().get("/author/1").then().statusCode(200).body("data.country", equalTo(null));
        server.http().when().get("/dual").then().statusCode(404).body("code", equalTo("unknown_table"));
    }

    @Test
    void aChangeIsNoticedWithoutAReload() throws InterruptedException {
        TestDatabase database = server.database();
        assumeTrue(database != TestDatabase.MARIADB, "MariaDB has no change notification: POST /_schema/reload");
        server.execute("CREATE TABLE shelf (id INTEGER PRIMARY KEY, label VARCHAR(20))");
        if (database == TestDatabase.POSTGRES) {
            server.execute("NOTIFY tiddly, 'reload schema'");
        }
        // A bound for a busy machine, not a speed target: the reload usually takes well under a second.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (server.http().when().get("/shelf").statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the new table was not served within 30 s");
            }
            Thread.sleep(100);
        }
    }

    @Nested
    class UnderRules {
        @RegisterExtension
        final TiddlyServer ruled = TiddlyServer.sample().withConfig("""
                        {"auth": {"api_keys": {"admin-key-0123456789abcdef": "admin", "user-key-0123456789abcdef": "user"}},
                         "rules": {"*": {"*": {"read": true}}}}""");

        @Test
        void onlyTheAdminRoleMayReload() {
            ruled.http().when().post("/_schema/reload").then().statusCode(401).body("code", equalTo("unauthenticated"));
            ruled.http()
                    .header("X-API-Key", "user-key-0123456789abcdef")
                    .when()
                    .post("/_schema/reload")
                    .then()
                    .statusCode(403)
                    .body("error", equalTo("only the admin role may reload the schema"));
            ruled.http()
                    .header("X-API-Key", "admin-key-0123456789abcdef")
                    .when()
                    .post("/_schema/reload")
                    .then()
                    .statusCode(200)
                    .body("data.tables", equalTo(5));
        }
    }
}
