package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class BatchTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void operationsRunInOrderAndRefsReadEarlierRows() {
        server.http()
                .body("""
                        [{"method": "POST", "table": "author", "body": {"name": "N. K. Jemisin", "born": 1972}},
                         {"method": "POST", "table": "book", "body": {"title": "The Fifth Season", "year": 2015,
                                                                      "author_id": {"$ref": "0.id"}}},
                         {"method": "FETCH", "table": "book", "body": {"where": {"author_id": {"$ref": "0.id"}}}},
                         {"method": "PUT", "table": "book", "key": 1, "body": {"title": "Renamed"}}]""")
                .when()
                .post("/_batch")
                .then()
                .statusCode(200)
                .body("data.status", contains(201, 201, 200, 200))
                .body("data[0].data.id", equalTo(11))
                .body("data[1].data.author_id", equalTo(11))
                .body("data[2].data.title", contains("The Fifth Season"))
                .body("data[3].data.title", equalTo("Renamed"));
        assertEquals(1, server.scalar("SELECT count(*) FROM book WHERE author_id = 11"));
    }

    @Test
    void aFailingOperationRollsBackTheWholeBatchAndIsNamed() {
        server.http()
                .body("""
                        [{"method": "POST", "table": "author", "body": {"name": "Kept?"}},
                         {"method": "DELETE", "table": "book", "key": 1},
                         {"method": "POST", "table": "user", "body": {"name": "Dup", "email": "alice@example.com"}}]""")
                .when()
                .post("/_batch")
                .then()
                .statusCode(409)
                .body("code", equalTo("unique_violation"))
                .body(
                        "error",
                        equalTo("operation 2 failed, so none was applied:"
                                + " a row of 'user' with the same 'email' already exists"))
                .body("data.index", equalTo(2));
        assertEquals(10, server.scalar("SELECT count(*) FROM author"));
        assertEquals(60, server.scalar("SELECT count(*) FROM book"));
    }

    @Test
    void aBadReferenceIs400() {
        server.http()
                .body("""
                        [{"method": "POST", "table": "book", "body": {"title": "x", "author_id": {"$ref": "0.id"}}}]""")
                .when()
                .post("/_batch")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_ref"))
                .body(
                        "error",
                        equalTo("operation 0 failed, so none was applied: operation 0:"
                                + " $ref \"0.id\" names an operation that has not run yet"));
    }

    @Test
    void aMalformedBatchIs400() {
        server.http()
                .body("{}")
                .when()
                .post("/_batch")
                .then()
                .statusCode(400)
                .body("error", equalTo("the batch body must be a non-empty array of operations"));
        server.http()
                .body("[{\"method\": \"PATCH\", \"table\": \"book\"}]")
                .when()
                .post("/_batch")
                .then()
                .statusCode(400)
                .body(
                        "error",
                        equalTo(
                                "operation 0 of the batch has method 'PATCH'; expected GET, FETCH, QUERY, POST, PUT or DELETE"));
    }
}
