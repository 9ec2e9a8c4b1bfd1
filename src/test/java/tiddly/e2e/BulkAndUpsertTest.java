package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class BulkAndUpsertTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void upsertByKeyUpdatesAnExistingRowAndInsertsANewOne() {
        server.http()
                .body("""
                        [{"code": "sf", "name": "Sci-fi"}, {"code": "poetry", "name": "Poetry"}]""")
                .when()
                .post("/genre?on_conflict=update")
                .then()
                .statusCode(200)
                .body("data.code", contains("sf", "poetry"))
                .body("data.name", contains("Sci-fi", "Poetry"));
        assertEquals("Sci-fi", server.scalar("SELECT name FROM genre WHERE code = 'sf'"));
        assertEquals(5, server.scalar("SELECT count(*) FROM genre"));
    }

    @Test
    void upsertByUniqueColumnsUpdatesTheRowWithThatValue() {
        server.http()
                .body("""
                        {"email": "bob@example.com", "name": "Robert"}""")
                .when()
                .post("/user?on_conflict=update&on_conflict_columns=email")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(2))
                .body("data.name", equalTo("Robert"));
    }

    @Test
    void ignoreSkipsExistingRows() {
        server.http()
                .body("""
                        [{"code": "sf", "name": "Ignored"}, {"code": "poetry", "name": "Poetry"}]""")
                .when()
                .post("/genre?on_conflict=ignore")
                .then()
                .statusCode(200)
                .body("data.code", contains("poetry"));
        assertEquals("Science fiction", server.scalar("SELECT name FROM genre WHERE code = 'sf'"));
    }

    @Test
    void aConflictTargetThatIsNotUniqueIs400() {
        server.http()
                .body("{\"name\": \"x\"}")
                .when()
                .post("/user?on_conflict=update&on_conflict_columns=name")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body("error", equalTo("on_conflict_columns (name) must be the primary key or a unique key of 'user'"));
        server.http()
                .body("{\"name\": \"x\"}")
                .when()
                .post("/user?on_conflict=merge")
                .then()
                .statusCode(400)
                .body("error", equalTo("on_conflict must be 'update' or 'ignore'"));
    }

    @Test
    void putWithWhereAndSetUpdatesEveryMatchingRow() {
        server.http().body("""
                        {"where": {"author_id": 10}, "set": {"in_print": true}}""").when().put("/book").then().statusCode(200).body("data.updated", equalTo(6));
        assertEquals(6, server.scalar("SELECT count(*) FROM book WHERE author_id = 10 AND in_print"));
    }

    @Test
    void bulkWritesWithoutAWhereNeedAll() {
        server.http()
                .body("{\"set\": {\"in_print\": true}}")
                .when()
                .put("/book")
                .then()
                .statusCode(400)
                .body("code", equalTo("where_required"))
                .body(
                        "error",
                        equalTo("PUT /book needs a non-empty 'where' in the body, or \"all\": true;"
                                + " to update one row use PUT /book/<key>"));
        server.http()
                .body("{\"where\": {}, \"set\": {\"in_print\": true}, \"all\": true}")
                .when()
                .put("/book")
                .then()
                .statusCode(200)
                .body("data.updated", equalTo(60));
        server.http()
                .body("{\"all\": true}")
                .when()
                .delete("/dual")
                .then()
                .statusCode(200)
                .body("data.deleted", equalTo(1));
    }

    @Test
    void aBulkSetIsValidatedLikeAnyWrite() {
        server.http()
                .body("{\"where\": {\"id\": 1}, \"set\": {\"year\": \"x\", \"nope\": 1}}")
                .when()
                .put("/book")
                .then()
                .statusCode(400)
                .body("details.year", equalTo("expects an integer, got \"x\""))
                .body("details.nope", equalTo("is not a column of table 'book'"));
    }

    @Test
    void anUpsertMeetingAnotherUniqueKeyIs409OnEveryDatabase() {
        // The target is the key (id 99 is new), but the email is Bob's: no row may be overwritten.
        for (String action : new String[] {"update", "ignore"}) {
            server.http()
                    .body("{\"id\": 99, \"name\": \"Mallory\", \"email\": \"bob@example.com\"}")
                    .when()
                    .post("/user?on_conflict=" + action)
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("unique_violation"));
        }
        assertEquals("Bob", server.scalar("SELECT name FROM \"user\" WHERE id = 2"));
    }

    @Test
    void equalityOnTextIsExactOnEveryDatabase() {
        server.http()
                .body("{\"where\": {\"name\": \"alice\"}}")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(0));
    }
}
