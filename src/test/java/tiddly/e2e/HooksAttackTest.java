package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.hook.HookException;
import tiddly.hook.Hooks;
import tiddly.permission.Verb;
import tiddly.testing.TiddlyServer;

/**
 * The hostile review of hooks (docs/security.md, "Attack review, 2026-12-03 afternoon"): no path
 * that changes a row may skip the before hooks an application registered for that change.
 */
class HooksAttackTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withHooks(Hooks.builder()
                    // the application's own rule: only author 1's books may be changed
                    .before("book", update -> update.where("author_id", 1), Verb.UPDATE)
                    // and a title is never emptied by an update
                    .before(
                            "book",
                            update -> update.values().forEach(row -> {
                                if ("".equals(row.get("title"))) {
                                    throw HookException.field("blank_title", "title", "must not be blank");
                                }
                            }),
                            Verb.UPDATE)
                    .build());

    /** An upsert that updates an existing row is an update of it: the update hooks run too. */
    @Test
    void anUpsertThatUpdatesARowCannotSkipTheUpdateHooks() {
        server.http().body("{\"title\": \"Hijacked\"}").put("/book/2").then().statusCode(404);
        // as with a rule: a row the update may not change is a 409, whatever the body claims
        for (int author : new int[] {2, 1}) {
            server.http()
                    .body("{\"id\": 2, \"title\": \"Hijacked\", \"author_id\": %d}".formatted(author))
                    .post("/book?on_conflict=update")
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("unique_violation"));
        }
        server.http()
                .body("[{\"id\": 1, \"title\": \"\", \"author_id\": 1}]")
                .post("/book?on_conflict=update")
                .then()
                .statusCode(400)
                .body("code", equalTo("blank_title"));
        server.http()
                .body("[{\"method\": \"POST\", \"table\": \"book\", \"params\": {\"on_conflict\": \"update\"},"
                        + " \"body\": {\"id\": 2, \"title\": \"Hijacked\", \"author_id\": 2}}]")
                .post("/_batch")
                .then()
                .statusCode(409);
        assertEquals("Book 2", server.scalar("SELECT title FROM book WHERE id = 2"));
        assertEquals("Book 1", server.scalar("SELECT title FROM book WHERE id = 1"));
        server.http()
                .body("{\"id\": 1, \"title\": \"Kept by the rules\", \"author_id\": 1}")
                .post("/book?on_conflict=update")
                .then()
                .statusCode(200);
    }
}
