package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.restassured.response.Response;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * {@code POST /_batch} holds every operation's answer in memory until its transaction commits. Its
 * bound was 100,000 rows, whatever their size: one anonymous batch of 100 reads of 60 rows of 10 KB
 * took a 256 MB server to {@code OutOfMemoryError} (security.md, attack review of 2026-12-03 late
 * night). The answers of a batch may now hold at most 16 MiB of values.
 */
class BatchAttackTest {
    private static final String BIG = "x".repeat(60 * 1024); // under MariaDB TEXT's 64 KiB

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void aBatchWhoseAnswersWouldHoldMoreThanItsBoundOfBytesIsRefused() {
        for (int i = 0; i < 20; i++) { // 1.2 MB of names
            server.http()
                    .body("{\"code\": \"big" + i + "\", \"name\": \"" + BIG + "\"}")
                    .when()
                    .post("/genre")
                    .then()
                    .statusCode(201);
        }
        JsonObject error = refusedBatchOfGenreReads(20); // 24 MB of answers, in rows far under the bound of rows
        assertEquals(
                "operation 13 failed, so none was applied: the batch's answers would hold more than 16777216"
                        + " bytes of values; ask for fewer rows or columns, or split the batch",
                error.get("error").getAsString());
    }

    @Test
    void aBatchUnderTheBoundAnswersAsBefore() {
        server.http()
                .body("{\"code\": \"big\", \"name\": \"" + BIG + "\"}")
                .when()
                .post("/genre")
                .then()
                .statusCode(201);
        server.http()
                .body("[{\"method\": \"GET\", \"table\": \"genre\", \"key\": \"big\"},"
                        + " {\"method\": \"GET\", \"table\": \"genre\", \"key\": \"big\"}]")
                .when()
                .post("/_batch")
                .then()
                .statusCode(200)
                .body("data[1].data.name", equalTo(BIG));
    }

    @Test
    void aBatchWhoseAnswersWouldHoldMoreThanItsBoundOfRowsIsRefusedThoughTheyAreSmall() {
        String genres = IntStream.range(0, 1000)
                .mapToObj(i -> "{\"code\": \"g" + i + "\", \"name\": \"n\"}")
                .collect(Collectors.joining(",", "[", "]"));
        server.http().body(genres).when().post("/genre").then().statusCode(201);
        JsonObject error = refusedBatchOfGenreReads(101); // 101,000 rows of ~30 bytes: 3 MB, under the bound of bytes
        assertTrue(
                error.get("error")
                        .getAsString()
                        .startsWith("operation 100 failed, so none was applied: the batch's answers would hold more"
                                + " than 100000 rows"),
                error.toString());
    }

    /** The error of a batch of {@code reads} reads of 1,000 genres each, which must be refused as too large. */
    private JsonObject refusedBatchOfGenreReads(int reads) {
        String batch = IntStream.range(0, reads)
                .mapToObj(i -> "{\"method\": \"QUERY\", \"table\": \"genre\", \"body\": {\"limit\": 1000}}")
                .collect(Collectors.joining(",", "[", "]"));
        Response answer = server.http().body(batch).when().post("/_batch");
        // the status first: before the bound of bytes, the body was 24 MB of JSON, too much to hand to a matcher
        assertEquals(400, answer.statusCode(), () -> "answered " + answer.asByteArray().length + " bytes");
        JsonObject error = JsonParser.parseString(answer.asString()).getAsJsonObject();
        assertEquals("query_too_complex", error.get("code").getAsString());
        return error;
    }
}
