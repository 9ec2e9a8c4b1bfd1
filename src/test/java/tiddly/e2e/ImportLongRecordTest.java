package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** CSV records longer than --max-body: skipped as rejected records, unless their quote never closes. */
class ImportLongRecordTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withMaxBodyBytes(200));

    @Test
    void aLongRecordWhoseQuoteClosesIsRejectedAndTheNextImported() {
        server.http()
                .contentType("text/csv")
                .body("title,year,author_id\nGood,2000,1\n\"" + "x\n".repeat(150) + "\",2001,1\nNext,2002,1\n")
                .when()
                .post("/book")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(2))
                .body("data.rejections.line", contains(3))
                .body("data.rejections[0].code", equalTo("invalid_record"));
    }

    @Test
    void aLongRecordAfterABlankLineIsRejectedAsAnyLongRecordIs() {
        server.http()
                .contentType("text/csv")
                .body("title,year,author_id\nGood,2000,1\n\n" + "x".repeat(300) + ",2001,1\nNext,2002,1\n")
                .when()
                .post("/book")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(2))
                .body("data.rejections.line", contains(4))
                .body("data.rejections[0].code", equalTo("invalid_record"));
    }

    /** The unclosed quote of a record too long to hold was skipped to the end of the body, as one rejection. */
    @Test
    void aLongRecordWhoseQuoteNeverClosesStopsTheImportAtItsLine() {
        server.http()
                .contentType("text/csv")
                .body("title,year,author_id\nGood,2000,1\n\"" + "x\n".repeat(150) + ",2001,1\nNever,2002,1\n")
                .when()
                .post("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("unclosed_quote"))
                .body(
                        "error",
                        equalTo("line 3 opens a quoted field that is never closed: the body ends inside it; the"
                                + " records before line 3 were imported (see data), none from it on"))
                .body("data.inserted", equalTo(1));
        assertEquals(61, server.scalar("SELECT count(*) FROM book"));
    }
}
