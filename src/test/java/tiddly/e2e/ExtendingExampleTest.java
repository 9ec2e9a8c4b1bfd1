package tiddly.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.examples.ExtendingExample;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/** Runs every example of docs/extending.md, as the doc shows it (see {@code DocSnippetsTest}). */
class ExtendingExampleTest {
    @RegisterExtension
    final TiddlyServer server = withFunction(TiddlyServer.sample()
                    .withFixture("ALTER TABLE book ADD COLUMN updated_at TEXT")
                    .withFixture(HooksTest.audit()))
            .startedBy(ExtendingExample::start);

    private static TiddlyServer withFunction(TiddlyServer server) {
        if (TestDatabase.current() != TestDatabase.POSTGRES) {
            return server;
        }
        try {
            return server.withFixture(Files.readString(Path.of("src/test/resources/examples/extending.postgres.sql")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theUpdatedAtHookStampsWrites() {
        server.http()
                .body("{\"title\": \"Stamped\", \"author_id\": 1}")
                .post("/api/book")
                .then()
                .statusCode(201)
                .body("data.updated_at", notNullValue());
    }

    @Test
    void theFieldErrorHookRefusesABlankTitle() {
        server.http()
                .body("{\"title\": \" \"}")
                .put("/api/book/1")
                .then()
                .statusCode(400)
                .body("code", equalTo("blank_title"))
                .body("error", equalTo("'title' must not be blank"))
                .body("details.title", equalTo("must not be blank"));
        assertEquals("Book 1", server.scalar("SELECT title FROM book WHERE id = 1"));
    }

    @Test
    void theAfterCommitHookRecordsAnAuditRow() {
        server.http()
                .body("[{\"title\": \"A\", \"author_id\": 1}, {\"title\": \"B\", \"author_id\": 1}]")
                .post("/api/book")
                .then()
                .statusCode(201);
        assertEquals("INSERT book 2", server.scalar("SELECT what FROM audit"));
    }

    @Test
    void theJavaFunctionAnswersUnderRpc() {
        server.http()
                .body("{\"author_id\": 1}")
                .post("/api/_rpc/books_by")
                .then()
                .statusCode(200)
                .body("data.id", contains(1, 11, 21, 31, 41, 51));
    }

    @Test
    void thePostgresFunctionAnswersUnderRpc() {
        assumeTrue(TestDatabase.current() == TestDatabase.POSTGRES, "a PostgreSQL function");
        server.http()
                .body("{\"since\": 2015, \"max_rows\": 2}")
                .post("/api/_rpc/books_since")
                .then()
                .statusCode(200)
                .body("data.year", contains(2016, 2017));
    }

    @Test
    void nothingAnswersOutsideTheBasePath() {
        server.http().get("/book/1").then().statusCode(404).body("code", equalTo("no_route"));
    }

    @Test
    void anApplicationsOwnJettyServesItsRoutesAndForwardsTheApiToTiddly() throws Exception {
        Server app = ExtendingExample.beside(server.port());
        try {
            int port = ((ServerConnector) app.getConnectors()[0]).getLocalPort();
            given().port(port).get("/hello").then().statusCode(200).body(equalTo("hello from the application"));
            given().port(port).get("/api/book/1").then().statusCode(200).body("data.title", equalTo("Book 1"));
            given().port(port)
                    .contentType("application/json")
                    .body("{\"title\": \"Beside\", \"author_id\": 1}")
                    .post("/api/book")
                    .then()
                    .statusCode(201)
                    .body("data.updated_at", notNullValue());
            given().port(port).get("/api/_openapi").then().statusCode(200).body("servers[0].url", equalTo("/api"));
        } finally {
            app.stop();
        }
    }
}
