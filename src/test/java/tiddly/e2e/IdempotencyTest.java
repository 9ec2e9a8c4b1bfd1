package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** Idempotency-Key on writes: a retried write is answered, not written twice, on every database. */
class IdempotencyTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    private Response post(String key, String body) {
        return server.http().header("Idempotency-Key", key).body(body).when().post("/author");
    }

    private long authors(String name) {
        return ((Number) server.scalar("SELECT count(*) FROM author WHERE name = '" + name + "'")).longValue();
    }

    @Test
    void aRetriedInsertIsAnsweredAgainAndWrittenOnce() {
        Response first = post("order-1", "{\"name\": \"Le Guin\"}");
        first.then().statusCode(201).header("Idempotent-Replayed", nullValue());
        Response retry = post("order-1", "{\"name\": \"Le Guin\"}");
        retry.then().statusCode(201).header("Idempotent-Replayed", equalTo("true"));
        assertEquals(first.asString(), retry.asString());
        assertEquals(first.header("ETag"), retry.header("ETag"));
        assertEquals(1, authors("Le Guin"));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndWritesNothing() {
        post("order-2", "{\"name\": \"Butler\"}").then().statusCode(201);
        post("order-2", "{\"name\": \"Delany\"}")
                .then()
                .statusCode(422)
                .body("code", equalTo("idempotency_key_reused"));
        assertEquals(0, authors("Delany"));
    }

    @Test
    void aRefusedWriteIsNotStoredSoItsCorrectedRetryRuns() {
        server.http()
                .header("Idempotency-Key", "order-3")
                .body("{\"title\": \"x\", \"author_id\": 999}")
                .when()
                .post("/book")
                .then()
                .statusCode(409);
        server.http()
                .header("Idempotency-Key", "order-3")
                .body("{\"title\": \"x\", \"author_id\": 999}")
                .when()
                .post("/book")
                .then()
                .statusCode(409)
                .header("Idempotent-Replayed", nullValue());
    }

    @Test
    void updatesDeletesAndBatchesAreRunOnceToo() {
        String etag = server.http().get("/book/1").header("ETag");
        for (int i = 0; i < 2; i++) {
            server.http()
                    .header("Idempotency-Key", "rename-1")
                    .header("If-Match", etag)
                    .body("{\"year\": 1999}")
                    .when()
                    .put("/book/1")
                    .then()
                    .statusCode(200)
                    .body("data.year", equalTo(1999));
        }
        for (int i = 0; i < 2; i++) {
            server.http()
                    .header("Idempotency-Key", "batch-1")
                    .body("[{\"method\": \"POST\", \"table\": \"author\", \"body\": {\"name\": \"Batched\"}}]")
                    .when()
                    .post("/_batch")
                    .then()
                    .statusCode(200)
                    .body("data[0].status", equalTo(201));
        }
        assertEquals(1, authors("Batched"));
        for (int i = 0; i < 2; i++) {
            server.http()
                    .header("Idempotency-Key", "delete-60")
                    .when()
                    .delete("/book/60")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void concurrentRetriesOfOneKeyWriteOneRow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> post("burst", "{\"name\": \"Burst\"}")));
            }
            String body = null;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                response.then().statusCode(201);
                body = body == null ? response.asString() : body;
                assertEquals(body, response.asString());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, authors("Burst"));
    }

    @Test
    void aMalformedKeyIs400() {
        post("", "{\"name\": \"A\"}").then().statusCode(400).body("code", equalTo("invalid_idempotency_key"));
        post("x".repeat(256), "{\"name\": \"A\"}")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_idempotency_key"));
        assertEquals(0, authors("A"));
    }

    @Test
    void anImportCannotTakeAKey() {
        server.http()
                .header("Idempotency-Key", "import-1")
                .contentType("text/csv")
                .body("name\nCsv\n")
                .when()
                .post("/author")
                .then()
                .statusCode(400)
                .body("code", equalTo("idempotency_not_supported"));
    }
}
