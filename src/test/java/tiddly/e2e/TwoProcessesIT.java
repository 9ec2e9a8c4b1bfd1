package tiddly.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tiddly.testing.JarProcess;
import tiddly.testing.TestDatabase;

/** Two tiddly.jar processes over one PostgreSQL database, as behind a load balancer. */
class TwoProcessesIT {
    private static final TestDatabase POSTGRES = TestDatabase.POSTGRES;

    private String schema;
    private JarProcess first;
    private JarProcess second;

    @BeforeEach
    void start() throws Exception {
        schema = POSTGRES.create();
        Path folder = Files.createTempDirectory("tiddly-two");
        String[] args = {
            "--db",
            POSTGRES.url(schema),
            "--schema",
            schema,
            "--db-user",
            POSTGRES.user(),
            "--port",
            "0",
            "--cursor-secret",
            "one secret for every instance: 7Qk2vX9pR4mZ"
        };
        first = JarProcess.start(folder, args);
        second = JarProcess.start(folder, args);
    }

    @AfterEach
    void stop() throws Exception {
        first.close();
        second.close();
        POSTGRES.drop(schema);
    }

    @Test
    void aWriteThroughOneIsReadThroughTheOtherAtOnceWithTheSameETag() {
        String etag = given().port(first.port())
                .contentType("application/json")
                .body("{\"title\": \"Through the first\", \"author_id\": 2}")
                .when()
                .post("/book")
                .then()
                .statusCode(201)
                .extract()
                .header("ETag");
        given().port(second.port())
                .when()
                .get("/book/61")
                .then()
                .statusCode(200)
                .header("ETag", etag)
                .body("data.title", equalTo("Through the first"));
        String page = given().port(first.port())
                .contentType("application/json")
                .body("{\"orderby\": \"id\", \"limit\": 30}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .extract()
                .path("next");
        given().port(second.port()) // a cursor signed by one instance pages on the other
                .contentType("application/json")
                .body("{\"orderby\": \"id\", \"limit\": 30, \"cursor\": \"" + page + "\"}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data[0].id", equalTo(31));
    }

    @Test
    void oneNotifyReloadsTheSchemaOfEveryInstance() throws Exception {
        try (var connection = POSTGRES.connect(schema);
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE shelf (id bigint PRIMARY KEY, label text)");
            statement.execute("NOTIFY tiddly, 'reload schema'");
        }
        for (JarProcess instance : new JarProcess[] {first, second}) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (given().port(instance.port()).when().get("/shelf").statusCode() != 200) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("an instance did not serve the new table within 10 s: " + instance.log());
                }
                Thread.sleep(100);
            }
        }
    }
}
