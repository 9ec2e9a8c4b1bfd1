package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * Hostile CSV and NDJSON imports (attack review of session 10): headers that cannot name the
 * records' columns stop the import before anything is written, an NDJSON line longer than
 * --max-body is skipped (ImportMemoryIT shows it is never held), and only the exact media types
 * import.
 */
class ImportAttackTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withMaxBodyBytes(1000));

    private long books() {
        return ((Number) server.scalar("SELECT count(*) FROM book")).longValue();
    }

    @Test
    void aCsvHeaderThatNamesAColumnTwiceIsA400AndNothingIsImported() {
        server.http()
                .contentType("text/csv")
                .body("title,year,author_id,year\nFirst,1900,1,2000\nSecond,1901,1,2001\n")
                .when()
                .post("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_header"))
                .body(
                        "error",
                        equalTo("the CSV header (line 1) names column 'year' twice, in fields 2 and 4;"
                                + " nothing was imported"));
        assertEquals(60, books());
    }

    @Test
    void aCsvHeaderWithAnEmptyNameIsA400() {
        server.http()
                .contentType("text/csv")
                .body("title,year,author_id,\nFirst,1900,1,\n")
                .when()
                .post("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_header"))
                .body(
                        "error",
                        equalTo(
                                "field 4 of the CSV header (line 1) is empty: name every column; nothing was imported"));
        assertEquals(60, books());
    }

    @Test
    void blankLinesBeforeTheCsvHeaderAreSkippedAsBlankLinesAfterIt() {
        server.http()
                .contentType("text/csv")
                .body("\r\n\nauthor_id,title\n\n1,Late header\n")
                .when()
                .post("/book")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(1))
                .body("data.rejected", equalTo(0));
        assertEquals(1L, ((Number) server.scalar("SELECT count(*) FROM book WHERE title = 'Late header'")).longValue());
    }

    @Test
    void aCsvHeaderLongerThanMaxBodyIsAnInvalidHeaderNotAnIncompleteBody() {
        server.http()
                .contentType("text/csv")
                .body("title," + "x".repeat(2000) + "\nFirst,1\n")
                .when()
                .post("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_header"))
                .body(
                        "error",
                        equalTo("the CSV header is longer than the maximum of 1000 characters; nothing was imported"));
    }

    @Test
    void anNdjsonLineLongerThanMaxBodyIsRejectedAndTheNextLinesImported() {
        server.http()
                .contentType("application/x-ndjson")
                .body(("{\"title\": \"" + "x".repeat(5000) + "\", \"author_id\": 1}\r\n"
                                + "{\"title\": \"After\", \"author_id\": 1}\r\n\r\n"
                                + "{\"title\": \"Last\", \"author_id\": 1}")
                        .getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/book")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(2))
                .body("data.rejections.line", contains(1))
                .body("data.rejections[0].error", equalTo("line 1 is longer than the maximum of 1000 characters"));
    }

    @Test
    void onlyTheExactImportMediaTypesImport() {
        // a type that merely starts like text/csv is no import: the body is read as JSON
        server.http()
                .contentType("text/csv-schema")
                .body("title,author_id\nNot CSV,1\n")
                .when()
                .post("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_json"));
        server.http()
                .contentType("application/x-ndjsonx")
                .body("{\"title\": \"Not NDJSON\", \"author_id\": 1}\n{\"title\": \"Two\", \"author_id\": 1}\n"
                        .getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_json"));
        server.http()
                .contentType("TEXT/CSV; Charset=\"UTF-8\"")
                .body("title,author_id\nUpper case,1\n")
                .when()
                .post("/book")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(1));
        assertEquals(61, books());
    }

    @Test
    void bytesThatAreNotUtf8PartWaySayWhichRecordsWereImported() {
        // more than the reader's 64 K characters before the bad byte: whole batches are committed first
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("title,author_id\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 10_000; i++) {
            body.writeBytes(("Book " + i + ",1\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(new byte[] {'B', 'a', 'd', (byte) 0xFF, ',', '1', '\n'});
        body.writeBytes("After,1\n".getBytes(StandardCharsets.UTF_8));
        Response response = server.http()
                .contentType("text/csv")
                .body(body.toByteArray())
                .when()
                .post("/book");
        response.then().statusCode(400).body("code", equalTo("invalid_encoding"));
        long inserted = books() - 60;
        assertEquals(inserted, response.<Integer>path("data.inserted").longValue());
        long line = inserted + 2; // the header is line 1, and no record was rejected
        assertEquals(
                "the body is not valid UTF-8 at or after line " + line + "; the records before line " + line
                        + " were imported (see data), none from it on",
                response.path("error"));
        assertEquals(
                0L, ((Number) server.scalar("SELECT count(*) FROM book WHERE title IN ('Bad', 'After')")).longValue());
    }
}
