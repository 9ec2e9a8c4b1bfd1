package tiddly.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class ErrorsTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withMaxBodyBytes(1000));

    @Test
    void anUnknownTableIs404() {
        server.http()
                .body("{}")
                .when()
                .request("FETCH", "/nope")
                .then()
                .statusCode(404)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("code", equalTo("unknown_table"))
                .body("error", equalTo("unknown table 'nope'"));
    }

    @Test
    void sqliteInternalTablesAreNotExposed() {
        server.http().when().get("/sqlite_master").then().statusCode(404).body("code", equalTo("unknown_table"));
    }

    @Test
    void anUnknownColumnIs400() {
        server.http()
                .body("{\"where\": {\"titel\": \"x\"}}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("unknown_column"))
                .body("error", equalTo("unknown column 'titel' in where of table 'book'"));
    }

    @Test
    void aHiddenColumnCannotBeProbed() {
        server.http()
                .body("{\"where\": {\"password\": {\"like\": \"$2b%\"}}}")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(400)
                .body("code", equalTo("hidden_column"))
                .body("error", equalTo("column 'password' is hidden and cannot be used in where"));
        server.http()
                .body("{\"orderby\": \"password\"}")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(400)
                .body("code", equalTo("hidden_column"));
    }

    @Test
    void anUnknownOperatorIs400() {
        server.http()
                .body("{\"where\": {\"year\": {\"between\": [1, 2]}}}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("unknown_operator"))
                .body(
                        "error",
                        equalTo("unknown operator 'between' on column 'year'; expected one of"
                                + " eq, ne, gt, gte, lt, lte, in, nin, like, ilike, is, search, contains"));
    }

    @Test
    void malformedJsonIs400() {
        for (String body : new String[] {"{", "{'where': {}}", "{\"limit\": NaN}", "{\"a\": 1} // c", "[1,]"}) {
            server.http()
                    .body(body)
                    .when()
                    .request("FETCH", "/book")
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("invalid_json"));
        }
    }

    @Test
    void aValueOfTheWrongTypeIs400() {
        server.http()
                .body("{\"where\": {\"year\": \"old\"}}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_value"))
                .body("error", equalTo("column 'year' expects an integer, got \"old\""));
    }

    @Test
    void aLimitAboveTheMaximumIs400NamingIt() {
        server.http()
                .body("{\"limit\": 5000}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_limit"))
                .body("error", equalTo("'limit' 5000 is above the maximum of 1000"));
        server.http()
                .body("{\"offset\": -1}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("error", equalTo("'offset' must be a non-negative integer, got -1"));
    }

    @Test
    void aVerbATableDoesNotTakeIs405WithAllow() {
        server.http()
                .body("{}")
                .when()
                .patch("/book")
                .then()
                .statusCode(405)
                .header("Allow", "GET, POST, PUT, DELETE, FETCH, QUERY, OPTIONS")
                .body("code", equalTo("method_not_allowed"))
                .body(
                        "error",
                        equalTo(
                                "PATCH is not allowed on a table; allowed: GET, POST, PUT, DELETE, FETCH, QUERY, OPTIONS"));
        server.http()
                .when()
                .request("BREW", "/book")
                .then()
                .statusCode(405)
                .body("code", equalTo("method_not_allowed"));
    }

    @Test
    void aVerbARowDoesNotTakeIs405WithAllow() {
        server.http()
                .body("{}")
                .when()
                .request("FETCH", "/book/1")
                .then()
                .statusCode(405)
                .header("Allow", "GET, PUT, DELETE, OPTIONS");
        server.http()
                .body("{}")
                .when()
                .post("/book/1")
                .then()
                .statusCode(405)
                .header("Allow", "GET, PUT, DELETE, OPTIONS");
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsRead() {
        String big = "{\"where\": {\"title\": \"" + "x".repeat(2000) + "\"}}";
        server.http()
                .body(big)
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(413)
                .body("code", equalTo("body_too_large"))
                .body("error", equalTo("the body is larger than the maximum of 1000 bytes"));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        byte[] big = ("{\"where\": {\"title\": \"" + "x".repeat(2000) + "\"}}").getBytes();
        server.http()
                .body(new java.io.ByteArrayInputStream(big))
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(413)
                .body("code", equalTo("body_too_large"));
    }

    @Test
    void anUnknownRouteIs404InTheEnvelope() {
        server.http()
                .when()
                .get("/a/b/c")
                .then()
                .statusCode(404)
                .contentType("application/json")
                .body("code", equalTo("no_route"))
                .body("error", equalTo("no route for GET /a/b/c"));
    }

    @Test
    void methodOverrideHeadersAreRefused() {
        server.http()
                .header("X-HTTP-Method-Override", "DELETE")
                .when()
                .post("/book/1")
                .then()
                .statusCode(400)
                .body("code", equalTo("method_override_refused"));
        server.http().when().get("/book/1").then().statusCode(200);
    }

    @Test
    void aBodyThatIsNotUtf8Is400() {
        server.http()
                .contentType("application/json")
                .body(new byte[] {'{', '"', (byte) 0xC3, '"', '}'})
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_encoding"));
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        server.http()
                .body("[1, 2]")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body("error", equalTo("the FETCH body must be a JSON object"));
        server.http()
                .body("{\"limit\": 1, \"wher\": {}}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body(
                        "error",
                        equalTo(
                                "unknown key 'wher' in the FETCH body; expected select, where, orderby, limit, offset, cursor, count, distinct, embed, groupby, having or etag"));
    }

    @Test
    void deeplyNestedJsonIs400() {
        String deep = "{\"where\": " + "{\"not\": ".repeat(100) + "{}" + "}".repeat(100) + "}";
        server.http()
                .body(deep)
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_json"))
                .body("error", equalTo("body is not valid JSON: nested deeper than 64 levels"));
    }

    @Test
    void errorsNeverCarryStackTracesOrSql() {
        server.http()
                .body("{\"where\": {\"year\": {\"gt\": [1]}}}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body(not(containsString("Exception")))
                .body(not(containsString("SELECT")));
    }

    @Test
    void theServerSendsNoVersionBanner() {
        RestAssured.given()
                .port(server.port())
                .when()
                .get("/book/1")
                .then()
                .statusCode(200)
                .header("Server", (String) null);
    }

    @Test
    void oversizedHeadersAreAJsonEnvelope() {
        RestAssured.given()
                .port(server.port())
                .header("X-Big", "y".repeat(20_000))
                .when()
                .get("/book/1")
                .then()
                .statusCode(431)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("code", equalTo("headers_too_large"));
    }
}
