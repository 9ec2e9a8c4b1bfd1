package tiddly.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * Input that would reach a limit of the database (an expression too deep, a pattern too long,
 * too many values or columns, a value too long for an index, an overflowing sum) is a 4xx with a
 * precise code on SQLite, PostgreSQL and MariaDB alike, never a 500; and a failed statement does
 * not break the requests after it.
 */
class DatabaseLimitsTest {
    private static final String TOO_MANY_CONDITIONS =
            "'where' has more than 1000 conditions; split the request, or match many values of one column with 'in'";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    private static String list(int count, IntFunction<String> item) {
        return IntStream.range(0, count).mapToObj(item).collect(Collectors.joining(", ", "[", "]"));
    }

    private ValidatableResponse query(String table, String body) {
        return server.http().body(body).when().request("QUERY", "/" + table).then();
    }

    private static void refused(ValidatableResponse response, int status, String code, String message) {
        response.statusCode(status)
                .body("status", equalTo("error"))
                .body("code", equalTo(code))
                .body("error", equalTo(message));
    }

    @Test
    void aLikePatternLongerThan1000CharactersIs400PatternTooLong() {
        refused(
                query("book", "{\"where\": {\"title\": {\"like\": \"" + "a".repeat(50_001) + "\"}}}"),
                400,
                "pattern_too_long",
                "the like pattern on column 'title' is 50001 characters long; at most 1000 are allowed");
        refused(
                query("book", "{\"where\": {\"title\": {\"ilike\": \"" + "%a".repeat(500) + "%\"}}}"),
                400,
                "pattern_too_long",
                "the ilike pattern on column 'title' is 1001 characters long; at most 1000 are allowed");
        query("book", "{\"where\": {\"title\": {\"like\": \"Book 1" + "%".repeat(994) + "\"}}, \"limit\": 1}")
                .statusCode(200)
                .body("data.title", equalTo(List.of("Book 1")));
    }

    @Test
    void aBackslashInALikePatternIsAnOrdinaryCharacterOnEveryDatabase() {
        // PostgreSQL and MariaDB take the backslash as LIKE's escape: PostgreSQL refused a trailing one.
        server.http()
                .body("{\"title\": \"a\\\\b%c\", \"year\": 2000, \"author_id\": 1}")
                .when()
                .post("/book")
                .then()
                .statusCode(201);
        query("book", "{\"where\": {\"title\": {\"like\": \"Book 1\\\\\"}}}")
                .statusCode(200)
                .body("data", hasSize(0));
        query("book", "{\"where\": {\"title\": {\"like\": \"a\\\\b%\"}}, \"select\": [\"title\"]}")
                .statusCode(200)
                .body("data.title", equalTo(List.of("a\\b%c")));
        query("book", "{\"where\": {\"title\": {\"ilike\": \"A\\\\B_C\"}}, \"select\": [\"title\"]}")
                .statusCode(200)
                .body("data.title", equalTo(List.of("a\\b%c")));
    }

    @Test
    void anAndOf20000TermsAndAnOrOf3000AreQueryTooComplex() {
        refused(
                query("book", "{\"where\": {\"and\": " + list(20_000, i -> "{\"id\": " + i + "}") + "}}"),
                400,
                "query_too_complex",
                TOO_MANY_CONDITIONS);
        refused(
                query("book", "{\"where\": {\"or\": " + list(3000, i -> "{\"id\": " + i + "}") + "}}"),
                400,
                "query_too_complex",
                TOO_MANY_CONDITIONS);
    }

    @Test
    void anOrOf1000TermsIsAnswered() {
        // SQLite reads a flat list of 1000 terms as an expression 1000 levels deep, one too many.
        query(
                        "book",
                        "{\"where\": {\"or\": " + list(1000, i -> "{\"id\": " + (i + 58) + "}")
                                + "}, \"select\": [\"id\"]}")
                .statusCode(200)
                .body("data.id", equalTo(List.of(58, 59, 60)));
        query(
                        "book",
                        "{\"where\": {\"and\": " + list(1000, i -> "{\"id\": {\"ne\": " + (i + 3) + "}}") + "}, "
                                + "\"select\": [{\"count\": \"*\"}]}")
                .statusCode(200)
                .body("data[0].count", equalTo(2));
    }

    @Test
    void moreThan10000ValuesAreQueryTooComplex() {
        refused(
                query("book", "{\"where\": {\"id\": {\"in\": " + list(70_000, i -> "0") + "}}}"),
                400,
                "query_too_complex",
                "operator 'in' on column 'id' has 70000 values; at most 10000 are allowed");
        refused(
                query(
                        "book",
                        "{\"where\": {\"id\": {\"nin\": " + list(6000, i -> "0") + "}, \"year\": {\"in\": "
                                + list(6000, i -> "0") + "}}}"),
                400,
                "query_too_complex",
                "'where' has more than 10000 values; split the request");
        query("book", "{\"where\": {\"id\": {\"in\": " + list(10_000, i -> Integer.toString(i)) + "}}, \"limit\": 1}")
                .statusCode(200)
                .body("data", hasSize(1));
    }

    @Test
    void moreThan16HasFiltersAreQueryTooComplex() {
        refused(
                query(
                        "author",
                        "{\"where\": {\"and\": " + list(64, i -> "{\"book\": {\"has\": {\"id\": {\"ne\": " + i + "}}}}")
                                + "}}"),
                400,
                "query_too_complex",
                "'where' uses 'has' more than 16 times");
        query(
                        "author",
                        "{\"where\": {\"and\": " + list(16, i -> "{\"book\": {\"has\": {\"id\": {\"ne\": " + i + "}}}}")
                                + "}, \"select\": [\"id\"], \"limit\": 1}")
                .statusCode(200)
                .body("data.id", equalTo(List.of(1)));
    }

    @Test
    void tooManySelectGroupbyOrOrderbyTermsAreQueryTooComplex() {
        refused(
                query("book", "{\"select\": " + list(2100, i -> "{\"count\": \"*\", \"as\": \"c" + i + "\"}") + "}"),
                400,
                "query_too_complex",
                "'select' has 2100 items; at most 1000 are allowed");
        refused(
                query("book", "{\"select\": [{\"count\": \"*\"}], \"groupby\": " + list(2100, i -> "\"genre\"") + "}"),
                400,
                "query_too_complex",
                "'groupby' has 2100 columns; at most 32 are allowed");
        refused(
                query("book", "{\"orderby\": " + list(2100, i -> "\"id\"") + "}"),
                400,
                "query_too_complex",
                "'orderby' has 2100 terms; at most 32 are allowed");
        query("book", "{\"select\": " + list(1000, i -> "{\"count\": \"*\", \"as\": \"c" + i + "\"}") + "}")
                .statusCode(200)
                .body("data[0].c999", equalTo(60));
    }

    @Test
    void anOrderbyOf33TermsIsRefusedAndOf32PagesWithItsCursor() {
        refused(
                query("book", "{\"orderby\": \"" + "title, ".repeat(32) + "id\"}"),
                400,
                "query_too_complex",
                "'orderby' has 33 terms; at most 32 are allowed");
        String body = "{\"orderby\": " + list(31, i -> "\"title\"").replace("]", ", \"id\"]")
                + ", \"select\": [\"id\"], \"limit\": 2";
        String next = query("book", body + "}")
                .statusCode(200)
                .body("data.id", equalTo(List.of(1, 10)))
                .extract()
                .path("next");
        query("book", body + ", \"cursor\": \"" + next + "\"}")
                .statusCode(200)
                .body("data.id", equalTo(List.of(11, 12)));
    }

    @Test
    void aPostOfMoreThan10000RowsIs413AndInsertsNothing() {
        refused(
                server.http()
                        .body(list(10_001, i -> "{\"title\": \"t\", \"year\": 2000, \"author_id\": 1}"))
                        .when()
                        .post("/book")
                        .then(),
                413,
                "too_many_rows",
                "the POST has 10001 rows; at most 10000 are allowed in one request: send them in several");
        assertEquals(60, server.scalar("SELECT count(*) FROM book"));
    }

    @Test
    void writesAndBatchesAreBoundedLikeQueries() {
        String where = "{\"or\": " + list(1001, i -> "{\"id\": " + i + "}") + "}";
        refused(
                server.http()
                        .body("{\"where\": " + where + "}")
                        .when()
                        .delete("/book")
                        .then(),
                400,
                "query_too_complex",
                TOO_MANY_CONDITIONS);
        refused(
                server.http()
                        .body("{\"where\": " + where + ", \"set\": {\"year\": 2000}}")
                        .when()
                        .put("/book")
                        .then(),
                400,
                "query_too_complex",
                TOO_MANY_CONDITIONS);
        refused(
                server.http()
                        .body("[{\"method\": \"QUERY\", \"table\": \"author\", \"body\": {\"embed\": {\"book\": "
                                + "{\"where\": " + where + "}}}}]")
                        .when()
                        .post("/_batch")
                        .then(),
                400,
                "query_too_complex",
                "operation 0 failed, so none was applied: " + TOO_MANY_CONDITIONS);
    }

    @Test
    void aKeyTooLongForItsIndexIsNever500() {
        Random random = new Random(12);
        String code = random.ints(20_000, 'a', 'z' + 1)
                .mapToObj(letter -> Character.toString((char) letter))
                .collect(Collectors.joining());
        ValidatableResponse response = server.http()
                .body("{\"code\": \"" + code + "\", \"name\": \"long\"}")
                .when()
                .post("/genre")
                .then();
        switch (server.database()) {
            case SQLITE -> response.statusCode(201);
            // A B-tree index entry holds about 2700 bytes (here 20,000 random letters, which do not compress).
            case POSTGRES -> refused(response, 400, "value_too_long", "a value is too long for an index of 'genre'");
            case MARIADB ->
                refused(response, 400, "value_too_long", "a value is longer than its column allows in 'genre'");
        }
    }

    @Test
    void aSumBeyondTheLargestIntegerIsNever500AndDoesNotBreakTheNextSum() {
        server.http()
                .body("[{\"title\": \"big\", \"year\": 9223372036854775807, \"author_id\": 1},"
                        + " {\"title\": \"big\", \"year\": 9223372036854775807, \"author_id\": 1}]")
                .when()
                .post("/book")
                .then()
                .statusCode(201);
        String sum = "{\"select\": [{\"sum\": \"year\"}]}";
        if (server.database() == TestDatabase.SQLITE) {
            refused(
                    query("book", sum),
                    400,
                    "database_limit",
                    "the request is too large or complex for the database:"
                            + " a number is larger than the database's largest integer");
        } else {
            query("book", sum).statusCode(200).body(containsString("\"sum_year\":18446744073709670649"));
        }
        server.http()
                .body("{\"where\": {\"title\": \"big\"}}")
                .when()
                .delete("/book")
                .then()
                .statusCode(200);
        // SQLite finalizes a statement whose step failed: a kept copy would refuse every later run.
        for (int i = 0; i < 16; i++) {
            query("book", sum).statusCode(200).body("data[0].sum_year", equalTo(119_035));
        }
    }
}
