package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** select, count, distinct, embed, has, aggregates; QUERY and POST /t/_query. */
class QueryLanguageTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void selectReturnsOnlyThoseColumns() {
        server.http()
                .body("{\"select\": [\"id\", \"title\"], \"where\": {\"id\": 1}}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data[0].keySet()", contains("id", "title"));
    }

    @Test
    void selectingAnUnknownOrHiddenColumnIs400() {
        server.http()
                .body("{\"select\": [\"titel\"]}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("unknown_column"))
                .body("error", equalTo("unknown column 'titel' in select of table 'book'"));
        server.http()
                .body("{\"select\": [\"name\", \"password\"]}")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(400)
                .body("code", equalTo("hidden_column"));
    }

    @Test
    void countCountsEveryMatchingRowWhateverThePage() {
        long before = server.statements();
        server.http()
                .body("{\"where\": {\"author_id\": 2}, \"limit\": 2, \"count\": true}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data", hasSize(2))
                .body("count", equalTo(6));
        assertEquals(2, server.statements() - before);
        before = server.statements();
        server.http()
                .body("{\"limit\": 2}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("count", nullValue());
        assertEquals(1, server.statements() - before, "without count, no COUNT query runs");
    }

    @Test
    void distinctDropsDuplicates() {
        server.http()
                .body(
                        "{\"select\": [\"author_id\"], \"distinct\": true, \"orderby\": \"author_id desc\", \"count\": true}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data.author_id", contains(10, 9, 8, 7, 6, 5, 4, 3, 2, 1))
                .body("count", equalTo(10));
    }

    @Test
    void embedAddsTheRowAManyToOneKeyPointsAt() {
        server.http()
                .body("{\"where\": {\"id\": {\"in\": [1, 2]}}, \"embed\": [\"author\"]}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data.author.name", contains("Ursula K. Le Guin", "Terry Pratchett"));
    }

    @Test
    void embedAddsTheRowsThatPointHereWithTheirOwnSelectOrderAndLimit() {
        server.http()
                .body("""
                        {"select": ["name"], "where": {"id": 1},
                         "embed": {"book": {"select": ["title"], "orderby": "year desc", "limit": 3}}}""")
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data[0].keySet()", contains("name", "book"))
                .body("data[0].book.title", contains("Book 21", "Book 11", "Book 51"))
                .body("data[0].book[0].keySet()", contains("title"));
    }

    @Test
    void anEmbeddedPageCostsOneQueryPerRelationWhateverThePageSize() {
        long before = server.statements();
        server.http()
                .body("{\"embed\": {\"book\": {\"embed\": [\"genre\"]}}}")
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data", hasSize(10))
                .body("data[0].book", hasSize(6))
                .body("data[0].book[0].genre.name", equalTo("Fantasy"));
        assertEquals(3, server.statements() - before, "authors, their books, the books' genres");
        before = server.statements();
        server.http()
                .body("{\"limit\": 2, \"embed\": [\"book\"]}")
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data", hasSize(2));
        assertEquals(2, server.statements() - before);
    }

    @Test
    void hasFiltersAcrossARelation() {
        server.http()
                .body("{\"where\": {\"book\": {\"has\": {\"year\": {\"gt\": 2015}}}}, \"select\": [\"id\"]}")
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data.id", contains(1, 3, 4, 6));
        server.http()
                .body("{\"where\": {\"author\": {\"has\": {\"born\": null}}}, \"select\": [\"id\"]}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data.id", contains(10, 20, 30, 40, 50, 60));
        server.http()
                .body("{\"where\": {\"publisher\": {\"has\": {}}}}")
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(400)
                .body(
                        "error",
                        equalTo("unknown relation 'publisher' in where of table 'author';"
                                + " a relation is a table linked to it by a foreign key"));
    }

    @Test
    void aggregatesGroupAndOrderByTheirAlias() {
        server.http()
                .body("""
                        {"select": ["author_id", {"count": "*"}, {"avg": "year", "as": "avg_year"}],
                         "groupby": ["author_id"], "orderby": "avg_year desc", "limit": 3}""")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data.author_id", contains(3, 9, 1))
                .body("data.count", contains(6, 6, 6))
                .body("data[0].avg_year", equalTo(1992.0f));
    }

    @Test
    void havingFiltersGroups() {
        server.http()
                .body("""
                        {"select": ["genre", {"count": "*", "as": "books"}], "groupby": ["genre"],
                         "having": {"books": {"gte": 15}, "genre": {"ne": null}}, "orderby": "genre"}""")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data.genre", contains("fantasy", "literary", "sf"))
                .body("data.books", contains(15, 15, 15));
    }

    @Test
    void anAggregateOverAllRowsIsOneRow() {
        server.http()
                .body("{\"select\": [{\"count\": \"*\"}, {\"min\": \"year\"}, {\"max\": \"year\"}]}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].count", equalTo(60))
                .body("data[0].min_year", equalTo(1951));
    }

    @Test
    void badAggregatesAre400() {
        server.http()
                .body("{\"select\": [\"title\", {\"count\": \"*\"}], \"groupby\": [\"author_id\"]}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("error", equalTo("'title' is selected with aggregates, so it must be in groupby"));
        server.http()
                .body("{\"select\": [{\"median\": \"year\"}]}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body(
                        "error",
                        equalTo("unknown key 'median' in a select object;"
                                + " expected one of count, sum, avg, min, max, and optionally as"));
        server.http()
                .body("{\"select\": [{\"sum\": \"title\"}]}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("error", equalTo("sum needs a numeric column; 'title' holds text"));
        server.http()
                .body("{\"select\": [{\"count\": \"*\", \"as\": \"x; DROP TABLE book\"}]}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"));
    }

    @Test
    void queryAndPostQueryBehaveExactlyLikeFetch() {
        String body =
                "{\"where\": {\"author_id\": 3}, \"orderby\": \"year\", \"select\": [\"id\", \"year\"], \"count\": true}";
        String fetched = server.http()
                .body(body)
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String queried = server.http()
                .body(body)
                .when()
                .request("QUERY", "/book")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String posted = server.http()
                .body(body)
                .when()
                .post("/book/_query")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(fetched, queried);
        assertEquals(fetched, posted);
    }

    @Test
    void preflightAllowsQuery() {
        RestAssured.given()
                .port(server.port())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "QUERY")
                .when()
                .options("/book")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Methods", org.hamcrest.Matchers.containsString("QUERY"));
    }

    @Test
    void getTakesEveryKeyAsAParameter() {
        server.http()
                .when()
                .get("/book?select=id,title&author_id=2&orderby=year desc&limit=2&count=true")
                .then()
                .statusCode(200)
                .body("data.id", contains(42, 32))
                .body("data[0].keySet()", contains("id", "title"))
                .body("count", equalTo(6));
        server.http()
                .queryParam("embed", "{\"book\": {\"select\": [\"id\"], \"limit\": 1}}")
                .when()
                .get("/author?id=1")
                .then()
                .statusCode(200)
                .body("data[0].book.id", contains(1));
        server.http()
                .queryParam("select", "[\"genre\", {\"count\": \"*\"}]")
                .queryParam("groupby", "genre")
                .queryParam("having", "{\"count\": {\"gt\": 14}}")
                .when()
                .get("/book")
                .then()
                .statusCode(200)
                .body("data.genre", containsInAnyOrder(null, "fantasy", "literary", "sf"));
    }

    @Test
    void combinationsWork() {
        String first = """
                {"select": ["id", "name"], "where": {"book": {"has": {"genre": "sf"}}}, "orderby": "born desc nulls last",
                 "embed": {"book": {"select": ["title"], "where": {"genre": "sf"}, "limit": 1}}, "limit": 2}""";
        String next = server.http()
                .body(first)
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data.name", contains("Banana Yoshimoto", "Terry Pratchett"))
                .body("data[0].book", hasSize(1))
                .extract()
                .path("next");
        String second = first.replace("\"limit\": 2}", "\"limit\": 2, \"cursor\": \"" + next + "\"}");
        server.http()
                .body(second)
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data.name", contains("Italo Calvino", "Tove Jansson"));
    }
}
