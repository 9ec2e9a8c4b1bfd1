package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * The differences issue 21 found between SQLite, PostgreSQL and MariaDB, one test each: the same
 * request gives the same answer on every database (this class is in pom.xml's server.tests).
 */
class DatabaseAgreementTest {
    private static final TestDatabase DATABASE = TestDatabase.current();

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture(
                    DATABASE.pick("CREATE TABLE size_t (v TEXT)", "CREATE TYPE size_t AS ENUM ('s', 'm', 'l')", "DO 0"))
            .withFixture(DATABASE.pick("""
                    CREATE TABLE oddity (id INTEGER PRIMARY KEY, name TEXT, a INTEGER, b TEXT, c DECIMAL(10, 2),
                        d BOOLEAN, e DATE, ubig BIGINT, size TEXT CHECK (size IN ('s', 'm', 'l')))""", """
                    CREATE TABLE oddity (id integer PRIMARY KEY, name text, a integer, b text, c numeric(10, 2),
                        d boolean, e date, ubig bigint, size size_t)""", """
                    CREATE TABLE oddity (id INT PRIMARY KEY, name VARCHAR(50) COLLATE utf8mb4_unicode_ci, a INT,
                        b VARCHAR(50), c DECIMAL(10, 2), d BOOLEAN, e DATE, ubig BIGINT UNSIGNED,
                        size ENUM('s', 'm', 'l'))"""));

    @BeforeEach
    void loadRows() {
        server.http().body("""
                        [{"id": 1, "name": "Ursula", "a": 42, "b": "a\\\\%x", "c": 1.50, "d": true, "e": "2000-01-02", "ubig": 1, "size": "s"},
                         {"id": 2, "name": "ursula", "a": 43, "b": "a%", "c": 2.25, "d": false, "e": "2000-12-31", "ubig": 2, "size": "m"},
                         {"id": 3, "name": "Zoë", "a": 7, "b": "é", "c": null, "d": true, "e": "2001-05-05", "ubig": null, "size": null},
                         {"id": 4, "name": null, "a": 1, "b": "É", "c": 10.00, "d": null, "e": null, "ubig": 3, "size": "l"},
                         {"id": 5, "name": "x", "a": 45, "b": "İstanbul", "c": 0.25, "d": true, "e": "1999-01-01", "ubig": 4, "size": "s"},
                         {"id": 6, "name": "y", "a": 4, "b": "\\\\", "c": 0.50, "d": false, "e": "2000-06-06", "ubig": 5, "size": "m"}]""").when().post("/oddity").then().statusCode(201);
    }

    private ValidatableResponse fetch(String body) {
        return server.http()
                .body(body)
                .when()
                .request("FETCH", "/oddity")
                .then()
                .log()
                .ifValidationFails();
    }

    private ValidatableResponse ids(String where) {
        return fetch("{\"select\": [\"id\"], \"orderby\": \"id\", \"where\": " + where + "}")
                .statusCode(200);
    }

    @Test
    void textEqualityIsExactEvenOnACaseInsensitiveColumn() {
        ids("{\"name\": \"URSULA\"}").body("data", empty());
        ids("{\"name\": \"Ursula\"}").body("data.id", contains(1));
        ids("{\"name\": {\"gte\": \"U\", \"lt\": \"V\"}}").body("data.id", contains(1));
    }

    @Test
    void bigintUnsignedHoldsItsWholeRangeAndOtherIntegersRefuseWhatTheyCannotHold() {
        String max = DATABASE == TestDatabase.MARIADB ? "18446744073709551615" : "9223372036854775807";
        String above = DATABASE == TestDatabase.MARIADB ? "18446744073709551616" : "9223372036854775808";
        server.http()
                .body("{\"id\": 7, \"ubig\": " + max + "}")
                .when()
                .post("/oddity")
                .then()
                .statusCode(201);
        String read = fetch("{\"where\": {\"id\": 7}}").extract().asString();
        assertEquals(true, read.contains("\"ubig\":" + max + ","), read);
        ids("{\"ubig\": " + max + "}").body("data.id", contains(7));
        server.http()
                .body("{\"id\": 8, \"ubig\": " + above + "}")
                .when()
                .post("/oddity")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_value"))
                .body("error", containsString("'ubig'"));
    }

    @Test
    void aValueOutsideAnEnumIsA400NamingTheColumn() {
        ValidatableResponse refused = server.http()
                .body("{\"id\": 7, \"size\": \"xl\"}")
                .when()
                .post("/oddity")
                .then();
        if (DATABASE == TestDatabase.SQLITE) { // no enums: a CHECK says the same
            refused.statusCode(409).body("code", equalTo("check_violation"));
        } else {
            refused.statusCode(400).body("code", equalTo("invalid_value")).body("error", containsString("'size'"));
        }
        assertEquals(6, ((Number) server.scalar("SELECT count(*) FROM oddity")).intValue());
    }

    @Test
    void likeMatchesTheTextFormOfIntegersAndDates() {
        ids("{\"a\": {\"like\": \"4_\"}}").body("data.id", contains(1, 2, 5));
        ids("{\"e\": {\"like\": \"2000-%\"}}").body("data.id", contains(1, 2, 6));
        ids("{\"e\": {\"ilike\": \"%-12-3_\"}}").body("data.id", contains(2));
        fetch("{\"where\": {\"c\": {\"like\": \"1%\"}}}")
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body(
                        "error",
                        equalTo("operator 'like' on column 'c' needs a text, integer or date column; 'c' holds "
                                + DATABASE.pick("numeric", "decimal", "decimal")));
        fetch("{\"where\": {\"d\": {\"ilike\": \"t%\"}}}").statusCode(400).body("code", equalTo("invalid_body"));
    }

    @Test
    void aBackslashInALikePatternIsAnOrdinaryCharacter() {
        ids("{\"b\": {\"like\": \"a\\\\%\"}}").body("data.id", contains(1));
        ids("{\"b\": {\"like\": \"\\\\\"}}").body("data.id", contains(6));
        ids("{\"b\": {\"ilike\": \"A\\\\%\"}}").body("data.id", contains(1));
        ids("{\"b\": {\"ilike\": \"\\\\\"}}").body("data.id", contains(6));
        ids("{\"b\": {\"like\": \"a\\\\\\\\%\"}}").body("data", empty());
    }

    @Test
    void ilikeFoldsTheCaseOfEveryLetterTheSameWay() {
        ids("{\"b\": {\"ilike\": \"é\"}}").body("data.id", contains(3, 4));
        ids("{\"b\": {\"ilike\": \"É\"}}").body("data.id", contains(3, 4));
        ids("{\"b\": {\"ilike\": \"i%\"}}").body("data.id", contains(5));
        ids("{\"b\": {\"ilike\": \"İSTANBUL\"}}").body("data.id", contains(5));
        ids("{\"name\": {\"ilike\": \"ZOË\"}}").body("data.id", contains(3));
        ids("{\"b\": {\"like\": \"é\"}}").body("data.id", contains(3));
    }

    private static BigDecimal number(Object value) {
        return new BigDecimal(String.valueOf(value));
    }

    @Test
    void sumAndAvgTakeDecimalColumns() {
        var row = fetch("{\"select\": [{\"sum\": \"c\"}, {\"avg\": \"c\"}, {\"min\": \"c\"}, {\"max\": \"c\"}]}")
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(0, number(row.get("data[0].sum_c")).compareTo(new BigDecimal("14.5")));
        assertEquals(0, number(row.get("data[0].avg_c")).compareTo(new BigDecimal("2.9")));
        assertEquals(0, number(row.get("data[0].min_c")).compareTo(new BigDecimal("0.25")));
        assertEquals(0, number(row.get("data[0].max_c")).compareTo(new BigDecimal("10")));
    }

    @Test
    void aggregatesTakeBooleanColumns() {
        String answer = fetch("{\"select\": [{\"sum\": \"d\"}, {\"avg\": \"d\"}, {\"min\": \"d\"}, {\"max\": \"d\"},"
                        + " {\"count\": \"d\"}]}")
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(
                "{\"status\":\"success\",\"data\":[{\"sum_d\":3,\"avg_d\":0.6,\"min_d\":false,\"max_d\":true,"
                        + "\"count_d\":5}]}",
                answer);
    }

    @Test
    void nullsLastOrdersByAnAggregateAlias() {
        fetch("{\"select\": [{\"count\": \"*\", \"as\": \"n\"}], \"orderby\": \"n desc nulls last\"}")
                .statusCode(200)
                .body("data[0].n", equalTo(6));
        fetch("{\"select\": [\"d\", {\"sum\": \"a\", \"as\": \"n\"}], \"groupby\": \"d\","
                        + " \"orderby\": \"n asc nulls last\"}")
                .statusCode(200)
                .body("data.n", contains(1, 47, 94));
        fetch("{\"select\": [\"d\", {\"max\": \"ubig\", \"as\": \"n\"}], \"where\": {\"id\": {\"in\": [3, 4, 6]}},"
                        + " \"groupby\": \"d\", \"orderby\": \"n desc nulls first\"}")
                .statusCode(200)
                .body("data.d", contains(true, false, null));
    }

    @Test
    void isTrueAndIsFalseTakeOnlyBooleanColumns() {
        ids("{\"d\": {\"is\": true}}").body("data.id", contains(1, 3, 5));
        ids("{\"d\": {\"is\": false}}").body("data.id", contains(2, 6));
        ids("{\"a\": {\"is\": null}}").body("data", empty());
        fetch("{\"where\": {\"a\": {\"is\": true}}}")
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body("error", equalTo("operator 'is' on column 'a' takes null; true and false need a boolean column"));
    }

    @Test
    void avgIsADoubleOnEveryDatabase() {
        String answer = fetch("{\"select\": [{\"avg\": \"a\"}, {\"sum\": \"a\"}]}")
                .statusCode(200)
                .extract()
                .asString();
        assertEquals("{\"status\":\"success\",\"data\":[{\"avg_a\":23.666666666666668,\"sum_a\":142}]}", answer);
    }
}
