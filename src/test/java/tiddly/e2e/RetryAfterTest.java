package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/** A 503 that a retry may cure says when to retry: Retry-After. */
class RetryAfterTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void aWriteThatFindsTheFileLockedElsewhereIs503WithRetryAfter() throws Exception {
        assumeTrue(server.database() == TestDatabase.SQLITE, "another program's lock on the SQLite file");
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + server.db());
                Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE"); // held past the server's 5 s busy timeout
            server.http()
                    .body("{\"name\": \"Waits\"}")
                    .when()
                    .post("/author")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", equalTo("1"))
                    .body("code", equalTo("database_busy"));
            statement.execute("ROLLBACK");
        }
        for (int i = 0; i < 20; i++) { // every pooled session is usable again
            server.http()
                    .body("{\"name\": \"After " + i + "\"}")
                    .when()
                    .post("/author")
                    .then()
                    .statusCode(201);
        }
    }
}
