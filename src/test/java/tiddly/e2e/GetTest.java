package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class GetTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void getByKeyReturnsTheRow() {
        server.http()
                .when()
                .get("/user/2")
                .then()
                .statusCode(200)
                .body("data.name", equalTo("Bob"))
                .body("data", not(hasKey("password")));
    }

    @Test
    void getByTextKeyReturnsTheRow() {
        server.http().when().get("/genre/sf").then().statusCode(200).body("data.name", equalTo("Science fiction"));
    }

    @Test
    void getOfAMissingRowIs404() {
        server.http()
                .when()
                .get("/user/99")
                .then()
                .statusCode(404)
                .body("status", equalTo("error"))
                .body("code", equalTo("row_not_found"))
                .body("error", equalTo("no row of 'user' has that key"));
    }

    @Test
    void getWithAKeyOfTheWrongTypeIs400() {
        server.http()
                .when()
                .get("/user/abc")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_value"))
                .body("error", equalTo("column 'id' expects an integer, got 'abc'"));
    }

    @Test
    void plainParametersAreEqualityFilters() {
        server.http()
                .when()
                .get("/book?author_id=2&limit=3&orderby=year desc")
                .then()
                .statusCode(200)
                .body("data.id", contains(42, 32, 22))
                .body("data.author_id", contains(2, 2, 2));
    }

    @Test
    void bracketedParametersApplyOperators() {
        server.http()
                .when()
                .get("/book?id[in]=1,2,3,4&genre[is]=null")
                .then()
                .statusCode(200)
                .body("data.id", contains(3));
        server.http()
                .when()
                .get("/book?year[gte]=2000&in_print=false&offset=1")
                .then()
                .statusCode(200)
                .body("data.id", contains(40));
    }

    @Test
    void aWhereParameterTakesTheJsonLanguage() {
        server.http()
                .queryParam("where", "{\"or\": [{\"id\": 1}, {\"id\": 60}]}")
                .when()
                .get("/book")
                .then()
                .statusCode(200)
                .body("data.id", contains(1, 60));
    }

    @Test
    void getOfATableListsItsRows() {
        server.http()
                .when()
                .get("/dual")
                .then()
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].text", equalTo("X"));
    }

    @Test
    void aParameterGivenTwiceIs400() {
        server.http()
                .when()
                .get("/book?id=1&id=2")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body("error", equalTo("query parameter 'id' is given 2 times"));
    }
}
