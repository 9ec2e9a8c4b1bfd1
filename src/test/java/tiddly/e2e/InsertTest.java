package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class InsertTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void postingAnObjectReturnsTheStoredRowWithKeyAndDefaults() {
        server.http()
                .body("""
                        {"title": "The Dispossessed", "year": 1974, "author_id": 1}""")
                .when()
                .post("/book")
                .then()
                .statusCode(201)
                .body("data.id", equalTo(61))
                .body("data.title", equalTo("The Dispossessed"))
                .body("data.genre", equalTo(null))
                .body("data.in_print", equalTo(true));
        assertEquals(61, server.scalar("SELECT count(*) FROM book"));
    }

    @Test
    void postingAnArrayInsertsEveryRow() {
        server.http()
                .body("""
                        [{"code": "poetry", "name": "Poetry"}, {"code": "essay", "name": "Essays"}]""")
                .when()
                .post("/genre")
                .then()
                .statusCode(201)
                .body("data.code", contains("poetry", "essay"));
        assertEquals(6, server.scalar("SELECT count(*) FROM genre"));
    }

    @Test
    void anArrayWithOneBadRowInsertsNothing() {
        server.http()
                .body("""
                        [{"code": "poetry", "name": "Poetry"}, {"code": "sf", "name": "Again"}]""")
                .when()
                .post("/genre")
                .then()
                .statusCode(409)
                .body("code", equalTo("unique_violation"))
                .body("error", equalTo("a row of 'genre' with the same 'code' already exists"));
        assertEquals(4, server.scalar("SELECT count(*) FROM genre"));
    }

    @Test
    void aDuplicateUniqueValueIs409() {
        server.http()
                .body("""
                        {"name": "Alice again", "email": "alice@example.com"}""")
                .when()
                .post("/user")
                .then()
                .statusCode(409)
                .body("status", equalTo("error"))
                .body("code", equalTo("unique_violation"))
                .body("error", equalTo("a row of 'user' with the same 'email' already exists"));
    }

    @Test
    void aMissingReferencedRowIs409() {
        server.http()
                .body("""
                        {"title": "Orphan", "author_id": 999}""")
                .when()
                .post("/book")
                .then()
                .statusCode(409)
                .body("code", equalTo("foreign_key_violation"))
                .body("error", equalTo("a value refers to a row that does not exist: author_id → author.id"));
    }

    @Test
    void aFailedCheckIs409() {
        server.http()
                .body("""
                        {"title": "Too old", "author_id": 1, "year": -5}""")
                .when()
                .post("/book")
                .then()
                .statusCode(409)
                .body("code", equalTo("check_violation"))
                .body(
                        "error",
                        equalTo("the row breaks the check '"
                                + server.database().checkName("year > 0", "book_year_check", "year")
                                + "' of table 'book'"));
    }

    @Test
    void everyProblemOfARowIsListedAtOnce() {
        server.http()
                .body("""
                        {"titel": "Typo", "year": "1999", "in_print": 1}""")
                .when()
                .post("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_value"))
                .body("error", equalTo("5 columns have invalid values: see details"))
                .body("details.titel", equalTo("is not a column of table 'book'"))
                .body("details.year", equalTo("expects an integer, got \"1999\""))
                .body("details.in_print", equalTo("expects a boolean, got 1"))
                .body("details.title", equalTo("is required"))
                .body("details.author_id", equalTo("is required"));
    }

    @Test
    void problemsInAnArrayNameTheirRow() {
        server.http()
                .body("""
                        [{"code": "ok", "name": "Fine"}, {"code": "bad"}]""")
                .when()
                .post("/genre")
                .then()
                .statusCode(400)
                .body("error", equalTo("column '1.name' is required"))
                .body("details.'1.name'", equalTo("is required"));
    }

    @Test
    void aPasswordIsStoredButNeverReturned() {
        server.http()
                .body("""
                        {"name": "Frank", "email": "frank@example.com", "password": "$2b$10$abcdefghijklmnopqrstuv"}""")
                .when()
                .post("/user")
                .then()
                .statusCode(201)
                .body("data.name", equalTo("Frank"))
                .body("data", not(hasKey("password")));
        assertEquals(
                "$2b$10$abcdefghijklmnopqrstuv", server.scalar("SELECT password FROM \"user\" WHERE name = 'Frank'"));
    }

    @Test
    void unicodeRoundTripsExactly() {
        String name = "Zoë 🐢 漢字 \u2028 \"quoted\"";
        server.http()
                .body("{\"text\": \"Zoë 🐢 漢字 \\u2028 \\\"quoted\\\"\"}")
                .when()
                .post("/dual")
                .then()
                .statusCode(201)
                .body("data.text", equalTo(name));
        server.http().when().get("/dual/2").then().statusCode(200).body("data.text", equalTo(name));
    }

    @Test
    void aSixtyFourBitIntegerRoundTripsExactly() {
        String body = server.http()
                .body("{\"id\": 9223372036854775807, \"text\": \"max\"}")
                .when()
                .post("/dual")
                .then()
                .statusCode(201)
                .extract()
                .asString();
        assertEquals("{\"status\":\"success\",\"data\":{\"id\":9223372036854775807,\"text\":\"max\"}}", body);
        server.http()
                .when()
                .get("/dual/9223372036854775807")
                .then()
                .statusCode(200)
                .body(containsString("9223372036854775807"));
    }

    @Test
    void anEmptyObjectInsertsAllDefaults() {
        server.http()
                .body("{}")
                .when()
                .post("/dual")
                .then()
                .statusCode(201)
                .body("data.id", equalTo(2))
                .body("data.text", equalTo(null));
    }
}
