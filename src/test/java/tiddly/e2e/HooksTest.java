package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.hook.HookException;
import tiddly.hook.Hooks;
import tiddly.permission.Verb;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * Every hook point end to end (docs/extending.md): before hooks narrow, stamp and refuse; after
 * hooks change rows or roll a write back; after-commit hooks run once per durable write; on single
 * requests, bulk writes, upserts, embeds and {@code /_batch}; and no hook widens a rule.
 */
class HooksTest {
    static final String STAMP = "2026-12-03T10:00:00Z";
    private static final String CONFIG = """
            {"auth": {"api_keys": {"writer-key-0123456789abcdef": "writer", "reader-key-0123456789abcdef": "reader",
                                   "alice-key-0123456789abcdef": "alice"}},
             "rules": {
               "writer": {"*": {"read": true, "insert": true, "update": true, "delete": true}},
               "reader": {"book": {"read": true}, "author": {"read": true}},
               "alice": {"book": {"read": {"where": {"owner": "$auth.role"}}, "insert": {"set": {"owner": "$auth.role"}},
                                  "update": {"where": {"owner": "$auth.role"}}}}}}""";

    private final List<String> committed = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("ALTER TABLE book ADD COLUMN updated_at TEXT")
            .withFixture("ALTER TABLE book ADD COLUMN owner TEXT")
            .withFixture("UPDATE book SET owner = 'alice' WHERE id <= 3")
            .withFixture(audit())
            .withConfig(CONFIG)
            .withHooks(Hooks.builder()
                    .before(
                            "book",
                            read -> {
                                if (read.identity().role().equals("reader")) {
                                    read.where("in_print", true);
                                }
                            },
                            Verb.READ)
                    .before("book", write -> write.set("updated_at", STAMP), Verb.INSERT, Verb.UPDATE)
                    .before(
                            "book",
                            write -> {
                                if (write.identity().role().equals("alice")) {
                                    write.set("owner", "bob"); // tries to write for someone else
                                }
                                if (write.values().stream().anyMatch(row -> "Crash".equals(row.get("title")))) {
                                    throw new IllegalStateException("secret detail of the hook");
                                }
                                write.sql()
                                        .update(
                                                "INSERT INTO audit (who, what) VALUES (?, ?)",
                                                write.identity().role(),
                                                "before " + write.verb());
                            },
                            Verb.INSERT)
                    .before("author", write -> write.refuse("born"), Verb.UPDATE)
                    .after(
                            "book",
                            written -> {
                                if (written.rows().stream().anyMatch(row -> "Rollback me".equals(row.get("title")))) {
                                    throw new HookException(409, "refused_by_after", "the after hook said no");
                                }
                            },
                            Verb.INSERT,
                            Verb.UPDATE)
                    .after(
                            "book",
                            read -> {
                                if (read.identity().role().equals("reader")) {
                                    read.rows().forEach(row -> row.remove("year"));
                                    read.rows().removeIf(row -> "Book 3".equals(row.get("title")));
                                }
                            },
                            Verb.READ)
                    .afterCommit(
                            "book",
                            written -> committed.add(
                                    written.verb() + " " + written.rows().size()))
                    .build());

    /** An audit table whose key the database assigns, on each database. */
    static String audit() {
        return switch (TestDatabase.current()) {
            case SQLITE -> "CREATE TABLE audit (id INTEGER PRIMARY KEY, who TEXT, what TEXT)";
            case POSTGRES ->
                "CREATE TABLE audit (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, who text," + " what text)";
            case MARIADB -> "CREATE TABLE audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, who TEXT, what TEXT)";
        };
    }

    private RequestSpecification as(String role) {
        return server.http().header("X-API-Key", role + "-key-0123456789abcdef");
    }

    @Test
    void aBeforeHookSetsAColumnOnInsertsUpdatesBulkWritesAndUpserts() {
        as("writer")
                .body("{\"title\": \"One\", \"author_id\": 1, \"updated_at\": \"client\"}")
                .post("/book")
                .then()
                .statusCode(201)
                .body("data.updated_at", equalTo(STAMP));
        as("writer")
                .body("{\"title\": \"Renamed\"}")
                .put("/book/4")
                .then()
                .statusCode(200)
                .body("data.updated_at", equalTo(STAMP));
        as("writer")
                .body("[{\"title\": \"A\", \"author_id\": 1}, {\"title\": \"B\", \"author_id\": 2}]")
                .post("/book")
                .then()
                .statusCode(201)
                .body("data.updated_at", contains(STAMP, STAMP));
        as("writer")
                .body("{\"id\": 5, \"title\": \"Upserted\", \"author_id\": 5}")
                .post("/book?on_conflict=update")
                .then()
                .statusCode(200)
                .body("data.updated_at", equalTo(STAMP));
        as("writer")
                .body("{\"where\": {\"author_id\": 6}, \"set\": {\"year\": 2000}}")
                .put("/book")
                .then()
                .statusCode(200);
        assertEquals(
                6, server.scalar("SELECT count(*) FROM book WHERE author_id = 6 AND updated_at = '" + STAMP + "'"));
    }

    @Test
    void aBeforeHookNarrowsListsSingleRowsAndEmbeds() {
        as("reader")
                .body("{\"count\": true, \"limit\": 1}")
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("count", equalTo(48)); // the 12 books out of print are not there
        as("reader").get("/book/5").then().statusCode(404);
        as("reader")
                .body("{\"where\": {\"id\": 5}, \"embed\": [\"book\"]}")
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data[0].book", empty()); // author 5's books are all out of print
        as("writer")
                .body("{\"where\": {\"id\": 5}, \"embed\": [\"book\"]}")
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data[0].book.id", contains(5, 15, 25, 35, 45, 55));
    }

    @Test
    void anAfterHookChangesAndDropsTheRowsARead() {
        as("reader")
                .body("{\"where\": {\"id\": {\"in\": [1, 2, 3]}}, \"orderby\": \"id\"}")
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data.id", contains(1, 2))
                .body("data", everyItem(not(hasKey("year"))));
        as("reader").get("/book/1").then().statusCode(200).body("data", not(hasKey("year")));
        as("writer").get("/book/1").then().statusCode(200).body("data.year", equalTo(1987));
    }

    @Test
    void anAfterHookThatRejectsRollsBackTheWriteAndTheHooksOwnSql() {
        as("writer")
                .body("{\"title\": \"Rollback me\", \"author_id\": 1}")
                .post("/book")
                .then()
                .statusCode(409)
                .body("code", equalTo("refused_by_after"))
                .body("error", equalTo("the after hook said no"));
        assertEquals(0, server.scalar("SELECT count(*) FROM book WHERE title = 'Rollback me'"));
        assertEquals(0, server.scalar("SELECT count(*) FROM audit")); // the before hook's row went with it
        assertEquals(List.of(), committed);
    }

    @Test
    void afterCommitRunsOncePerDurableWriteWithItsRows() {
        as("writer")
                .body("[{\"title\": \"A\", \"author_id\": 1}, {\"title\": \"B\", \"author_id\": 1},"
                        + " {\"title\": \"C\", \"author_id\": 1}]")
                .post("/book")
                .then()
                .statusCode(201);
        as("writer").delete("/book/7").then().statusCode(200);
        as("reader").get("/book/1").then().statusCode(200); // reads commit nothing
        assertEquals(List.of("INSERT 3", "DELETE 1"), committed);
        assertEquals(1, server.scalar("SELECT count(*) FROM audit WHERE who = 'writer' AND what = 'before INSERT'"));
    }

    @Test
    void hooksRunForEachOperationOfABatchAndAnAfterHookRollsTheWholeBatchBack() {
        as("writer")
                .body("""
                        [{"method": "POST", "table": "book", "body": {"title": "A", "author_id": 1}},
                         {"method": "PUT", "table": "book", "key": 4, "body": {"year": 2001}},
                         {"method": "FETCH", "table": "book", "body": {"where": {"id": 4}}}]""")
                .post("/_batch")
                .then()
                .statusCode(200)
                .body("data[0].data.updated_at", equalTo(STAMP))
                .body("data[2].data[0].year", equalTo(2001));
        assertEquals(List.of("INSERT 1", "UPDATE 1"), committed);
        as("writer").body("""
                        [{"method": "POST", "table": "book", "body": {"title": "Kept?", "author_id": 1}},
                         {"method": "POST", "table": "book", "body": {"title": "Rollback me", "author_id": 1}}]""").post("/_batch").then().statusCode(409).body("code", equalTo("refused_by_after"));
        assertEquals(0, server.scalar("SELECT count(*) FROM book WHERE title = 'Kept?'"));
        assertEquals(1, server.scalar("SELECT count(*) FROM audit")); // the first batch's insert only
        assertEquals(List.of("INSERT 1", "UPDATE 1"), committed);
    }

    @Test
    void aHookCannotWidenWhatARuleForbids() {
        as("alice")
                .body("{\"title\": \"Mine\", \"author_id\": 1}")
                .post("/book")
                .then()
                .statusCode(201)
                .body("data.owner", equalTo("alice")); // the rule's set wins over the hook's
        as("alice")
                .body("{\"orderby\": \"id\"}")
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data.owner", everyItem(equalTo("alice")));
        as("alice").body("{\"title\": \"Not hers\"}").put("/book/4").then().statusCode(404);
        assertEquals("Book 4", server.scalar("SELECT title FROM book WHERE id = 4"));
    }

    @Test
    void aBeforeHookRefusesAColumnWithAFieldError() {
        as("writer")
                .body("{\"born\": 1900}")
                .put("/author/1")
                .then()
                .statusCode(400)
                .body("code", equalTo("column_refused"))
                .body("details.born", equalTo("may not be written here"));
        as("writer").body("{\"name\": \"Renamed\"}").put("/author/1").then().statusCode(200);
    }

    @Test
    void anyOtherExceptionOfAHookIsA500WithARequestIdAndNoMessage() {
        as("writer")
                .body("{\"title\": \"Crash\", \"author_id\": 1}")
                .post("/book")
                .then()
                .statusCode(500)
                .body("code", equalTo("internal_error"))
                .body("request_id", notNullValue())
                .body(not(containsString("secret detail")));
        assertEquals(0, server.scalar("SELECT count(*) FROM book WHERE title = 'Crash'"));
    }
}
