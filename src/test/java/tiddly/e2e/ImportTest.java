package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** {@code POST /t} with CSV or NDJSON bodies: bulk imports; and NDJSON lists. */
class ImportTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    /**
     * Excel saves "CSV UTF-8" with a byte order mark: it was read as part of the first column's
     * name, and every record was rejected (column '\uFEFFtitle' is not a column).
     */
    @Test
    void aByteOrderMarkBeforeTheCsvHeaderIsSkipped() {
        server.http()
                .contentType("text/csv")
                .body("\uFEFFtitle,year,author_id\r\nWith a mark,2002,1\r\n".getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/book")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(1))
                .body("data.rejected", equalTo(0));
    }

    @Test
    void aCsvBodyIsImportedTypedByItsColumns() {
        server.http()
                .contentType("text/csv")
                .body("title,year,author_id,genre,in_print\r\n"
                        + "Imported 1,1999,1,sf,true\r\n"
                        + "\"Imported, with a comma\",,2,,false\r\n"
                        + "\"Imported \"\"quoted\"\"\nover two lines\",2001,3,,1\r\n")
                .when()
                .post("/book")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(3))
                .body("data.rejected", equalTo(0));
        server.http()
                .body(
                        "{\"select\": [\"title\", \"year\", \"in_print\"], \"where\": {\"id\": {\"gt\": 60}}, \"orderby\": \"id\"}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body(
                        "data.title",
                        contains("Imported 1", "Imported, with a comma", "Imported \"quoted\"\nover two lines"))
                .body("data.year", contains(1999, null, 2001))
                .body("data.in_print", contains(true, false, true));
    }

    @Test
    void rejectedRecordsAreReportedWithTheirLinesAndTheOthersInserted() {
        server.http()
                .contentType("text/csv; charset=utf-8")
                .body("title,year,author_id\n"
                        + "Good 1,2000,1\n"
                        + "Bad year,two thousand,1\n"
                        + "Good 2,2001,1\n"
                        + ",2002,1\n"
                        + "No author,2003,999\n"
                        + "Short line\n"
                        + "Good 3,2003,2\n")
                .when()
                .post("/book")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(3))
                .body("data.rejected", equalTo(4))
                .body("data.rejections.line", contains(3, 5, 6, 7))
                .body(
                        "data.rejections.code",
                        contains("invalid_value", "invalid_value", "foreign_key_violation", "invalid_record"))
                .body(
                        "data.rejections[0].error",
                        equalTo("line 3: column 'year' expects an integer, got \"two thousand\""))
                .body("data.rejections[1].error", equalTo("line 5: column 'title' may not be null"))
                .body("data.rejections[3].error", equalTo("line 7 has 1 fields; the header of table 'book' has 3"))
                .body("data.rejections[2].error", startsWith("line 6: a value refers to a row that does not exist"));
        assertEquals(63, server.scalar("SELECT count(*) FROM book"));
    }

    @Test
    void anNdjsonBodyIsImportedAndAListIsExportedAsNdjson() {
        server.http()
                .contentType("application/x-ndjson")
                .body(
                        "{\"name\": \"Ada Palmer\", \"born\": 1981}\n\n{\"name\": \"Ted Chiang\"}\n[1]\n{\"nme\": \"typo\"}\n"
                                .getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/author")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(2))
                .body("data.rejections.line", contains(4, 5))
                .body("data.rejections[0].error", equalTo("line 4 is an array, not a JSON object"))
                .body(
                        "data.rejections[1].error",
                        equalTo("line 5: column 'nme' is not a column of table 'author'; column 'name' is required"));
        String ndjson = server.http()
                .header("Accept", "application/x-ndjson")
                .queryParam("id[gt]", 10)
                .queryParam("select", "name,born")
                .queryParam("orderby", "id")
                .when()
                .get("/author")
                .then()
                .statusCode(200)
                .header("Content-Type", "application/x-ndjson;charset=utf-8")
                .extract()
                .asString();
        assertEquals("{\"name\":\"Ada Palmer\",\"born\":1981}\n{\"name\":\"Ted Chiang\",\"born\":null}\n", ndjson);
    }

    @Test
    void aDuplicateKeyLeavesOutItsRecordOnly() {
        server.http()
                .contentType("text/csv")
                .body("code,name\nnew1,New one\nsf,Again\nnew2,New two\n")
                .when()
                .post("/genre")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(2))
                .body("data.rejections.line", contains(3))
                .body("data.rejections[0].code", equalTo("unique_violation"));
    }

    private static final String UNCLOSED = "; the records before line %d were imported (see data), none from it on";

    /**
     * An unclosed quote ran to the end of the body and was one field: {@code "Unterminated,2001,1}
     * and every line after it were inserted as one row's title, answered as a success.
     */
    @Test
    void anUnclosedQuoteStopsTheImportWithA400NamingTheLineItOpened() {
        server.http()
                .contentType("text/csv")
                .body("title,year,author_id\n"
                        + "Before 1,2000,1\n"
                        + "\"Two\nlines\",2001,1\n"
                        + "Bad year,two thousand,1\n"
                        + "\"Unterminated,2002,1\n"
                        + "After 1,2003,1\n"
                        + "After 2,2004,1\n")
                .when()
                .post("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("unclosed_quote"))
                .body(
                        "error",
                        equalTo("line 6 opens a quoted field that is never closed: the body ends inside it"
                                + UNCLOSED.formatted(6)))
                .body("data.inserted", equalTo(2))
                .body("data.rejected", equalTo(1))
                .body("data.rejections.line", contains(5));
        assertEquals(62, server.scalar("SELECT count(*) FROM book"));
        assertEquals(
                0, server.scalar("SELECT count(*) FROM book WHERE title LIKE '%Unterminated%' OR title LIKE 'After%'"));
    }

    @Test
    void aQuoteOpenedInTheHeaderAndNeverClosedImportsNothing() {
        server.http()
                .contentType("text/csv")
                .body("\"title,year,author_id\nA,2000,1\n")
                .when()
                .post("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("unclosed_quote"))
                .body(
                        "error",
                        equalTo("line 1 opens a quoted field that is never closed: the body ends inside it"
                                + UNCLOSED.formatted(1)))
                .body("data.inserted", equalTo(0));
        assertEquals(60, server.scalar("SELECT count(*) FROM book"));
    }

    /** The records before the quote are imported whole, also those of a batch not yet full. */
    @Test
    void anUnclosedQuoteAfterMoreThanABatchImportsEveryRecordBeforeIt() {
        StringBuilder body = new StringBuilder("title,year,author_id\n");
        for (int i = 1; i <= 1500; i++) {
            body.append("Bulk ").append(i).append(",2000,1\n");
        }
        body.append("Last,\"2001,1\nNever,2002,1\n");
        server.http()
                .contentType("text/csv")
                .body(body.toString())
                .when()
                .post("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("unclosed_quote"))
                .body(
                        "error",
                        equalTo("line 1502 opens a quoted field that is never closed: the body ends inside it"
                                + UNCLOSED.formatted(1502)))
                .body("data.inserted", equalTo(1500));
        assertEquals(1560, server.scalar("SELECT count(*) FROM book"));
    }

    /**
     * A line with a duplicate key was taken, the last value winning, where a JSON body with one is
     * a 400 invalid_json: both now follow one rule, a duplicate key is not JSON Tiddly accepts.
     */
    @Test
    void anNdjsonLineWithADuplicateKeyIsRejectedNamingTheLineAndTheKey() {
        server.http()
                .contentType("application/x-ndjson")
                .body(("{\"name\": \"Kept\"}\n"
                                + "{\"name\": \"First\", \"born\": 1900, \"name\": \"Last\"}\n"
                                + "{'name': 'Single quotes'}\n"
                                + "{\"name\": \"Also kept\"} // a comment\n")
                        .getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/author")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(1))
                .body("data.rejections.line", contains(2, 3, 4))
                .body("data.rejections.code", contains("invalid_record", "invalid_record", "invalid_record"))
                .body("data.rejections[0].error", equalTo("line 2 is not valid JSON: it has a duplicate key 'name'"))
                .body("data.rejections[1].error", startsWith("line 3 is not valid JSON (column "))
                .body("data.rejections[2].error", startsWith("line 4 is not valid JSON"));
        assertEquals(0, server.scalar("SELECT count(*) FROM author WHERE name IN ('First', 'Last')"));
        server.http()
                .body("{\"name\": \"First\", \"name\": \"Last\"}")
                .when()
                .post("/author")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_json"))
                .body("error", equalTo("JSON has a duplicate key 'name'"));
    }
}
