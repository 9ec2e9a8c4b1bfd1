package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/** Limits on what one request may cost, and what responses say about the server. */
class HardeningTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withStatementTimeout(Duration.ofSeconds(1)))
            .withFixture("CREATE VIEW forever AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                    + " SELECT i AS id FROM n WHERE i < 0");

    @Test
    void aWhereNestedTooDeeplyIs400() {
        String deep = "{\"where\": " + "{\"not\": ".repeat(16) + "{\"id\": 1}" + "}".repeat(16) + "}";
        server.http()
                .body(deep)
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("query_too_complex"))
                .body("error", equalTo("'where' is nested deeper than 16 levels"));
        String fine = "{\"where\": " + "{\"not\": ".repeat(14) + "{\"id\": 1}" + "}".repeat(14) + "}";
        server.http().body(fine).when().request("FETCH", "/book").then().statusCode(200);
    }

    @Test
    void tooManyEmbedsAre400() {
        server.http()
                .body("{\"embed\": [\"book\"]}")
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200);
        StringBuilder chain = new StringBuilder("{}");
        for (int i = 0; i < 11; i++) {
            chain.insert(0, i % 2 == 0 ? "{\"author\": {\"embed\": " : "{\"book\": {\"embed\": ")
                    .append("}}");
        }
        server.http()
                .body("{\"embed\": " + chain + "}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("query_too_complex"))
                .body("error", equalTo("the query embeds 11 relations; at most 10 are allowed"));
    }

    @Test
    void aQueryRunningPastTheStatementTimeoutIs503() {
        assumeTrue(
                server.database() != TestDatabase.MARIADB,
                "MariaDB ends a recursive CTE after max_recursive_iterations; ServerDatabaseTest times out SLEEP()");
        server.http()
                .body("{}")
                .when()
                .request("FETCH", "/forever")
                .then()
                .statusCode(503)
                .body("code", equalTo("statement_timeout"));
        server.http().when().get("/book/1").then().statusCode(200);
    }

    @Test
    void errorsCarryTheRequestIdThatTheLogHas() {
        server.http()
                .when()
                .get("/nope")
                .then()
                .statusCode(404)
                .header("X-Request-Id", matchesPattern("[0-9a-f]{16}"))
                .body("request_id", matchesPattern("[0-9a-f]{16}"));
        server.http()
                .header("X-Request-Id", "trace-42")
                .when()
                .get("/nope")
                .then()
                .header("X-Request-Id", "trace-42")
                .body("request_id", equalTo("trace-42"));
        server.http()
                .header("X-Request-Id", "bad id; <script>")
                .when()
                .get("/nope")
                .then()
                .body("request_id", matchesPattern("[0-9a-f]{16}"));
    }

    @Test
    void responsesAreNotSniffed() {
        server.http().when().get("/book/1").then().header("X-Content-Type-Options", "nosniff");
    }
}
