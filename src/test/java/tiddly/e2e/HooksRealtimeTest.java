package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.hook.Hooks;
import tiddly.permission.Verb;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * After read hooks shape what a live query sends as they shape what a read returns
 * (docs/extending.md): a row they change arrives changed, a row they drop never arrives, and a
 * row that they stop letting through leaves the stream as a delete.
 */
class HooksRealtimeTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withHooks(Hooks.builder()
                    .after(
                            "book",
                            read -> {
                                read.rows().removeIf(row -> "secret".equals(row.get("title")));
                                read.rows().forEach(row -> {
                                    row.remove("year");
                                    if (row.get("title") instanceof String title) {
                                        row.put("title", title.toUpperCase(Locale.ROOT));
                                    }
                                });
                            },
                            Verb.READ)
                    .after(
                            "book",
                            read -> {
                                if (read.rows().stream().anyMatch(row -> "BOOM".equals(row.get("title")))) {
                                    throw new IllegalStateException("the hook failed");
                                }
                            },
                            Verb.READ)
                    .build());

    private SseClient stream(String path) {
        SseClient client = SseClient.get(server.port(), path);
        assertEquals(200, client.status(), client.status() == 200 ? "" : client.body());
        return client;
    }

    private int insert(String title) {
        return server.http()
                .body("{\"title\": \"" + title + "\", \"author_id\": 1, \"year\": 1999}")
                .when()
                .post("/book")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
    }

    private void rename(int id, String title) {
        server.http()
                .body("{\"title\": \"" + title + "\"}")
                .when()
                .put("/book/" + id)
                .then()
                .statusCode(200);
    }

    @Test
    void anEventCarriesTheRowAsTheAfterReadHooksChangedIt() {
        try (SseClient events = stream("/book")) {
            events.ready();
            int id = insert("Dune");
            SseClient.Event insert = events.next("insert");
            assertEquals(id, insert.row().get("id").getAsInt());
            assertEquals("DUNE", insert.row().get("title").getAsString());
            assertFalse(insert.row().has("year"), "the hook removed year");
        }
    }

    @Test
    void aRowTheHooksDropNeverArrivesAndOneTheyStopLettingThroughLeaves() {
        try (SseClient events = stream("/book")) {
            events.ready();
            int hidden = insert("secret");
            int shown = insert("Emma");
            SseClient.Event first = events.next("insert"); // the secret row's insert was never sent
            assertEquals(shown, first.row().get("id").getAsInt());

            rename(hidden, "Out in the open"); // the hooks now let it through: it arrives as new
            SseClient.Event appeared = events.next("insert");
            assertEquals(hidden, appeared.row().get("id").getAsInt());
            assertEquals("OUT IN THE OPEN", appeared.row().get("title").getAsString());

            rename(shown, "secret"); // the hooks now drop it: it leaves the caller's view
            SseClient.Event left = events.next("delete");
            assertEquals(shown, left.row().get("id").getAsInt());
            assertEquals("EMMA", left.row().get("title").getAsString());
            assertEquals("left", left.json().get("reason").getAsString());

            server.http().when().delete("/book/" + shown).then().statusCode(200);
            server.http().when().delete("/book/" + hidden).then().statusCode(200);
            SseClient.Event deleted = events.next("delete"); // the dropped row's delete was not sent
            assertEquals(hidden, deleted.row().get("id").getAsInt());
            assertEquals("deleted", deleted.json().get("reason").getAsString());
        }
    }

    @Test
    void aSnapshotShowsTheRowsAsTheHooksLeaveThem() {
        insert("secret");
        int id = insert("Kindred");
        try (SseClient events = stream("/book?snapshot=true&title%5Bin%5D=secret,Kindred")) {
            SseClient.Event snapshot = events.next("snapshot");
            assertEquals(id, snapshot.row().get("id").getAsInt());
            assertEquals("KINDRED", snapshot.row().get("title").getAsString());
            events.next("ready"); // and no snapshot of the secret row before it
        }
    }

    @Test
    void aHookThatFailsOnAnEventClosesThatStream() {
        try (SseClient events = stream("/book")) {
            events.ready();
            insert("boom");
            assertEquals(Optional.empty(), events.nextUntilEnd(), "no event, and the stream ended");
        }
        try (SseClient events = stream("/book")) { // the feed goes on for other streams
            events.ready();
            int id = insert("Beloved");
            assertEquals(id, events.next("insert").row().get("id").getAsInt());
        }
    }
}
