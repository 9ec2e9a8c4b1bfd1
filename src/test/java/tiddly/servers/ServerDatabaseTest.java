package tiddly.servers;

import static org.hamcrest.Matchers.equalTo;

import io.restassured.RestAssured;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.Tiddly;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/** What only a database server does: stop slow statements, and serve several Tiddly instances. */
class ServerDatabaseTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withStatementTimeout(Duration.ofSeconds(1)))
            .withFixture(
                    TestDatabase.current() == TestDatabase.POSTGRES
                            ? "CREATE VIEW slow AS SELECT pg_sleep(5)::text AS x"
                            : "CREATE VIEW slow AS SELECT SLEEP(5) AS x");

    @Test
    void aQueryOverTheStatementTimeoutIsA503AndTheConnectionStaysHealthy() {
        server.http()
                .when()
                .get("/slow")
                .then()
                .statusCode(503)
                .body("code", equalTo("statement_timeout"))
                .body(
                        "error",
                        equalTo("the query ran longer than the statement timeout and was stopped;"
                                + " narrow it or add an index"));
        for (int i = 0; i < 40; i++) {
            server.http().when().get("/book/1").then().statusCode(200).body("data.title", equalTo("Book 1"));
        }
    }

    @Test
    void twoInstancesOverOneDatabaseServeTheSameDataAtOnce() {
        try (Tiddly other = server.another()) {
            String etag = server.http()
                    .body("{\"title\": \"Written through A\", \"author_id\": 1}")
                    .when()
                    .post("/book")
                    .then()
                    .statusCode(201)
                    .extract()
                    .header("ETag");
            RestAssured.given()
                    .port(other.port())
                    .when()
                    .get("/book/61")
                    .then()
                    .statusCode(200)
                    .header("ETag", etag)
                    .body("data.title", equalTo("Written through A"));
            RestAssured.given()
                    .port(other.port())
                    .contentType("application/json")
                    .header("If-Match", etag)
                    .body("{\"title\": \"Changed through B\"}")
                    .when()
                    .put("/book/61")
                    .then()
                    .statusCode(200);
            server.http()
                    .header("If-Match", etag)
                    .body("{\"title\": \"A's stale write\"}")
                    .when()
                    .put("/book/61")
                    .then()
                    .statusCode(412)
                    .body("data.title", equalTo("Changed through B"));
        }
    }
}
