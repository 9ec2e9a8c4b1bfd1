package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tiddly.testing.Streams.where;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.Streams;
import tiddly.testing.TiddlyServer;

/**
 * Live queries end to end: GET or QUERY with Accept: text/event-stream, then the changes of every
 * kind of write, filtered and shaped as a query by the same caller would be.
 */
class RealtimeTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    private SseClient stream(String path) {
        SseClient client = Streams.open(server, path);
        client.ready();
        return client;
    }

    private int insertBook(String title, String genre) {
        return Streams.insert(
                server, "book", "{\"title\": \"" + title + "\", \"author_id\": 1, \"genre\": " + genre + "}");
    }

    @Test
    void insertUpdateAndDeleteArriveAsEventsWithIncreasingIds() {
        try (SseClient events = stream("/book")) {
            int id = insertBook("Dune", "\"sf\"");
            SseClient.Event insert = events.next("insert");
            assertEquals(id, insert.row().get("id").getAsInt());
            assertEquals("Dune", insert.row().get("title").getAsString());
            assertTrue(insert.row().get("in_print").getAsBoolean(), "booleans as booleans, as responses show them");

            server.http()
                    .body("{\"year\": 1965}")
                    .when()
                    .put("/book/" + id)
                    .then()
                    .statusCode(200);
            SseClient.Event update = events.next("update");
            assertEquals(1965, update.row().get("year").getAsInt());
            assertTrue(update.position() > insert.position());

            server.http().when().delete("/book/" + id).then().statusCode(200);
            SseClient.Event delete = events.next("delete");
            assertEquals(id, delete.row().get("id").getAsInt());
            assertEquals("deleted", delete.json().get("reason").getAsString());
            assertTrue(delete.position() > update.position());
        }
    }

    @Test
    void readyComesOnlyOnceLiveSoAWriteRightAfterItIsNeverMissed() {
        for (int i = 0; i < 20; i++) {
            try (SseClient events = stream("/genre")) {
                server.http()
                        .body("{\"code\": \"g" + i + "\", \"name\": \"G\"}")
                        .when()
                        .post("/genre");
                assertEquals("g" + i, events.next("insert").row().get("code").getAsString());
            }
        }
    }

    @Test
    void aFilterWithOrSendsOnlyMatchingRowsAndRowsLeavingItAsDeletes() {
        try (SseClient events =
                stream("/book" + where("{\"or\": [{\"genre\": \"sf\"}, {\"year\": {\"gt\": 3000}}]}"))) {
            insertBook("Not sf", "\"fantasy\"");
            int sf = insertBook("Sf", "\"sf\"");
            SseClient.Event insert = events.next("insert");
            assertEquals(sf, insert.row().get("id").getAsInt(), "the fantasy book was not sent");

            server.http().body("{\"genre\": \"fantasy\"}").when().put("/book/" + sf);
            SseClient.Event left = events.next("delete");
            assertEquals("left", left.json().get("reason").getAsString());
            assertEquals(sf, left.row().get("id").getAsInt());

            server.http().body("{\"year\": 3001}").when().put("/book/" + sf);
            assertEquals(sf, events.next("insert").row().get("id").getAsInt(), "back in through the other branch");
        }
    }

    @Test
    void selectShapesEachEventsRow() {
        try (SseClient events = stream("/book?select=id,title")) {
            insertBook("Shaped again", "null");
            var row = events.next("insert").row();
            assertEquals(2, row.size(), row.toString());
            assertEquals("Shaped again", row.get("title").getAsString());
        }
    }

    @Test
    void aQueryWithABodyStreamsToo() {
        try (SseClient events = SseClient.query(
                server.port(), "/book", "{\"where\": {\"genre\": \"children\"}, \"select\": [\"title\"]}", Map.of())) {
            assertEquals(200, events.status());
            events.ready();
            insertBook("Not for children", "\"sf\"");
            insertBook("For children", "\"children\"");
            assertEquals(
                    "For children", events.next("insert").row().get("title").getAsString());
        }
    }

    @Test
    void hasAcrossARelationFiltersEvents() {
        String path = "/book" + where("{\"author\": {\"has\": {\"name\": {\"like\": \"Terry%\"}}}}");
        try (SseClient events = stream(path)) {
            insertBook("By Ursula", "null"); // author 1
            server.http()
                    .body("{\"title\": \"By Terry\", \"author_id\": 2}")
                    .when()
                    .post("/book")
                    .then()
                    .statusCode(201);
            assertEquals("By Terry", events.next("insert").row().get("title").getAsString());
        }
    }

    @Test
    void hiddenColumnsAreNeverInAnEvent() {
        try (SseClient events = stream("/user")) {
            server.http()
                    .body("{\"name\": \"Zed\", \"email\": \"zed@example.com\", \"password\": \"x\"}")
                    .when()
                    .post("/user")
                    .then()
                    .statusCode(201);
            var row = events.next("insert").row();
            assertEquals("Zed", row.get("name").getAsString());
            assertFalse(row.has("password"), row.toString());
        }
    }

    @Test
    void bulkWritesAndUpsertsSendOneEventPerChangedRow() {
        try (SseClient events = stream("/genre")) {
            server.http()
                    .body("[{\"code\": \"a\", \"name\": \"A\"}, {\"code\": \"b\", \"name\": \"B\"}]")
                    .when()
                    .post("/genre")
                    .then()
                    .statusCode(201);
            assertEquals("a", events.next("insert").row().get("code").getAsString());
            assertEquals("b", events.next("insert").row().get("code").getAsString());

            server.http()
                    .body("{\"where\": {\"code\": {\"in\": [\"a\", \"b\"]}}, \"set\": {\"name\": \"Z\"}}")
                    .when()
                    .put("/genre")
                    .then()
                    .statusCode(200);
            assertEquals("Z", events.next("update").row().get("name").getAsString());
            assertEquals("Z", events.next("update").row().get("name").getAsString());

            server.http()
                    .queryParam("on_conflict", "update")
                    .body("[{\"code\": \"a\", \"name\": \"A2\"}, {\"code\": \"c\", \"name\": \"C\"}]")
                    .when()
                    .post("/genre")
                    .then()
                    .statusCode(200);
            SseClient.Event upserted = events.next("update");
            assertEquals("A2", upserted.row().get("name").getAsString());
            assertEquals("c", events.next("insert").row().get("code").getAsString());

            server.http()
                    .body("{\"where\": {\"code\": {\"in\": [\"a\", \"b\", \"c\"]}}}")
                    .when()
                    .delete("/genre")
                    .then()
                    .statusCode(200);
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        "deleted", events.next("delete").json().get("reason").getAsString());
            }
        }
    }

    @Test
    void aBatchSendsItsChangesOnlyWhenItCommits() {
        try (SseClient events = stream("/genre")) {
            server.http().body("""
                            [{"method": "POST", "table": "genre", "body": {"code": "x", "name": "X"}},
                             {"method": "POST", "table": "genre", "body": {"code": "x", "name": "again"}}]""").when().post("/_batch").then().statusCode(409);
            server.http().body("""
                            [{"method": "POST", "table": "genre", "body": {"code": "y", "name": "Y"}},
                             {"method": "PUT", "table": "genre", "key": "y", "body": {"name": "Y2"}}]""").when().post("/_batch").then().statusCode(200);
            SseClient.Event insert = events.next("insert");
            assertEquals("y", insert.row().get("code").getAsString(), "the rolled-back batch sent nothing");
            assertEquals("Y2", events.next("update").row().get("name").getAsString());
        }
    }

    @Test
    void aBadFilterIsTheUsual400BeforeAnyStream() {
        SseClient events = SseClient.get(server.port(), "/book" + where("{\"titel\": \"x\"}"));
        assertEquals(400, events.status());
        assertTrue(events.body().contains("\"code\":\"unknown_column\""), events.body());
        assertTrue(events.header("Content-Type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void aggregatesAndOneRowCannotBeStreamed() {
        SseClient grouped = SseClient.get(server.port(), "/book?groupby=genre&select=genre");
        assertEquals(400, grouped.status(), grouped.body());
        assertTrue(grouped.body().contains("invalid_stream"), grouped.body());
        SseClient row = SseClient.get(server.port(), "/book/1");
        assertEquals(400, row.status());
        assertTrue(row.body().contains("invalid_stream"), row.body());
    }

    @Test
    void theSameUrlStillAnswersJsonToOtherClients() {
        server.http().when().get("/book?limit=1").then().statusCode(200).body("data[0].id", equalTo(1));
    }
}
