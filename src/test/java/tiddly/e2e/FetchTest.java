package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class FetchTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void whereOrderbyLimitAndOffsetSelectAPage() {
        server.http()
                .body("""
                        {"where": {"author_id": 1}, "orderby": "year desc", "limit": 2, "offset": 1}""")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("status", equalTo("success"))
                .body("data.id", contains(11, 51));
    }

    @Test
    void anEmptyBodyFetchesEveryRowInKeyOrder() {
        server.http()
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data", hasSize(60))
                .body("data[0].id", equalTo(1))
                .body("data[59].id", equalTo(60));
    }

    @Test
    void operatorsCombineWithAndOrNot() {
        server.http()
                .body("""
                        {"where": {"or": [{"id": {"in": [1, 2, 3]}}, {"title": {"like": "Book 5_"}}],
                                   "not": {"genre": null}, "year": {"gte": 1950, "lt": 2100}},
                         "orderby": ["id"]}""")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data.id", contains(1, 2, 50, 52, 53, 54, 56, 57, 58));
    }

    @Test
    void isNullAndNeNullFilterOnMissingValues() {
        server.http()
                .body("""
                        {"where": {"email": {"is": null}}}""")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(200)
                .body("data.name", contains("Erin"));
        server.http()
                .body("""
                        {"where": {"email": {"ne": null}}, "orderby": "name desc", "limit": 1}""")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(200)
                .body("data.name", contains("Dave"));
    }

    @Test
    void likeIsCaseSensitiveAndIlikeIsNot() {
        server.http()
                .body("""
                        {"where": {"name": {"like": "alice"}}}""")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
        server.http()
                .body("""
                        {"where": {"name": {"ilike": "ALI%"}}}""")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(200)
                .body("data.name", contains("Alice"));
    }

    @Test
    void ninExcludesValuesAndBooleansFilterAsBooleans() {
        server.http()
                .body("""
                        {"where": {"author_id": {"nin": [2, 3, 4, 5, 6, 7, 8, 9]}, "in_print": false}}""")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data.id", contains(10, 20, 30, 40, 50, 60))
                .body("data.in_print", everyItem(equalTo(false)));
        server.http()
                .body("""
                        {"where": {"in_print": false}, "limit": 3}""")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data.id", contains(5, 10, 15))
                .body("data.in_print", everyItem(equalTo(false)));
    }

    @Test
    void orderbyAcceptsAnArrayAndNullsLast() {
        server.http()
                .body("""
                        {"orderby": ["born desc nulls last", "name"], "limit": 3}""")
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data.name", contains("Chimamanda Ngozi Adichie", "Banana Yoshimoto", "Terry Pratchett"));
        server.http()
                .body("""
                        {"orderby": "born nulls last", "offset": 9}""")
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data.name", contains("Anonymous"));
    }

    @Test
    void withoutALimitAtMostMaxLimitRowsComeBack() {
        server.http()
                .body("{\"limit\": 0}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void aDoubleEncodedBodyIsAccepted() {
        server.http()
                .body("\"{\\\"where\\\": {\\\"id\\\": 2}}\"")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(200)
                .body("data.name", contains("Bob"));
    }

    @Test
    void curlsFormContentTypeIsReadAsJson() {
        server.http()
                .contentType("application/x-www-form-urlencoded")
                .body("{\"where\":{\"id\":{\"lte\":2}}}")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(200)
                .body("data.name", contains("Alice", "Bob"));
    }

    @Test
    void hiddenColumnsAreNeverReturned() {
        server.http()
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(200)
                .body("data", everyItem(not(hasKey("password"))));
    }

    @Test
    void textPrimaryKeysWorkLikeIntegerOnes() {
        server.http()
                .body("""
                        {"where": {"code": {"in": ["sf", "fantasy"]}}}""")
                .when()
                .request("FETCH", "/genre")
                .then()
                .statusCode(200)
                .body("data.code", contains("fantasy", "sf"));
    }
}
