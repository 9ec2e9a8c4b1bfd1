package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.hook.HookException;
import tiddly.hook.Hooks;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * {@code /_rpc/name} end to end (docs/extending.md): named queries from the config file (any
 * database), PostgreSQL functions (reflected), Java functions; typed arguments, the execute rule,
 * GET and QUERY for read-only functions, and the functions in /_schema.
 */
class RpcTest {
    /** Quoted by docs/extending.md, word for word. */
    private static final String QUERIES = """
            "queries": {
              "books_after": {"sql": "SELECT id, title FROM book WHERE year > :year ORDER BY id LIMIT 3",
                              "params": {"year": "integer"}, "read_only": true},
              "book_count": {"sql": "SELECT count(*) AS n FROM book WHERE author_id = :author",
                             "params": {"author": "integer"}, "read_only": true, "returns": "scalar"},
              "rename": {"sql": "UPDATE book SET title = :title WHERE id = :id",
                         "params": {"id": "integer", "title": "text"}, "returns": "changed"}
            }""";

    private static final String CONFIG = """
            {"auth": {"api_keys": {"writer-key-0123456789abcdef": "writer", "reader-key-0123456789abcdef": "reader"}},
             "rules": {
               "writer": {"*": {"read": true, "insert": true, "update": true, "delete": true}, "_rpc": {"execute": true}},
               "reader": {"book": {"read": true}, "_rpc": {"execute": ["books_after", "book_count", "whoami"]}}},
            %s}""".formatted(QUERIES);

    @RegisterExtension
    final TiddlyServer server = fixtures(TiddlyServer.sample())
            .withConfig(CONFIG)
            .withHooks(Hooks.builder()
                    .readOnlyFunction(
                            "whoami", call -> Map.of("role", call.identity().role()))
                    .function("add_genre", call -> {
                        call.sql().update("INSERT INTO genre (code, name) VALUES (?, ?)", call.text("code"), "New");
                        if (call.text("code").equals("undo")) {
                            throw new HookException(422, "genre_refused", "not this one", Map.of("code", "is taken"));
                        }
                        return call.sql()
                                .query("SELECT count(*) AS n FROM genre")
                                .get(0)
                                .get("n");
                    })
                    .build());

    /** On PostgreSQL, functions to reflect: rows, a scalar with a default, one that writes. */
    private static TiddlyServer fixtures(TiddlyServer server) {
        if (TestDatabase.current() == TestDatabase.MARIADB) {
            return server.withFixture(mariadbExample())
                    .withFixture("""
                            CREATE FUNCTION add_numbers(a BIGINT, b BIGINT) RETURNS BIGINT
                            DETERMINISTIC NO SQL RETURN a + b""")
                    .withFixture("""
                            CREATE FUNCTION shout(book_id BIGINT) RETURNS TEXT MODIFIES SQL DATA
                            BEGIN
                              UPDATE book SET title = CONCAT(title, '!') WHERE id = book_id;
                              RETURN (SELECT title FROM book WHERE id = book_id);
                            END""")
                    .withFixture("CREATE PROCEDURE with_out(IN a INT, OUT b INT) SET b = a")
                    .withFixture("CREATE FUNCTION _internal(a BIGINT) RETURNS BIGINT DETERMINISTIC NO SQL RETURN a");
        }
        if (TestDatabase.current() != TestDatabase.POSTGRES) {
            return server;
        }
        return server.withFixture("""
                        CREATE FUNCTION books_since(since bigint, max_rows bigint DEFAULT 2) RETURNS SETOF book
                        LANGUAGE sql STABLE AS $$ SELECT * FROM book WHERE year > since ORDER BY id LIMIT max_rows $$""").withFixture("""
                        CREATE FUNCTION add_numbers(a bigint, b bigint DEFAULT 10) RETURNS bigint
                        LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$""").withFixture("""
                        CREATE FUNCTION shout(book_id bigint) RETURNS text
                        LANGUAGE sql AS $$ UPDATE book SET title = title || '!' WHERE id = book_id RETURNING title $$""").withFixture("""
                        CREATE FUNCTION _internal(a bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT a $$""");
    }

    /** Names that begin with {@code _} are Tiddly's, for functions as for tables: never served. */
    @Test
    void aDatabaseFunctionWhoseNameBeginsWithAnUnderscoreIsNotServed() {
        assumeTrue(TestDatabase.current() != TestDatabase.SQLITE, "SQLite has no functions to reflect");
        as("writer").get("/_rpc/_internal?a=1").then().statusCode(404).body("code", equalTo("unknown_function"));
        as("writer").get("/_schema").then().body("functions.name", not(hasItem("_internal")));
    }

    /** The MariaDB procedure docs/extending.md shows (DocSnippetsTest checks). */
    private static String mariadbExample() {
        try {
            return Files.readString(Path.of("src/test/resources/examples/extending.mariadb.sql"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RequestSpecification as(String role) {
        return server.http().header("X-API-Key", role + "-key-0123456789abcdef");
    }

    @Test
    void aNamedQueryIsCalledWithTypedNamedArguments() {
        as("reader")
                .body("{\"year\": 2015}")
                .post("/_rpc/books_after")
                .then()
                .statusCode(200)
                .body("data.id", contains(21, 23, 44));
        as("reader")
                .body("{\"author\": 1}")
                .post("/_rpc/book_count")
                .then()
                .statusCode(200)
                .body("data", equalTo(6));
        as("writer")
                .body("{\"id\": 1, \"title\": \"Renamed\"}")
                .post("/_rpc/rename")
                .then()
                .statusCode(200)
                .body("data", equalTo(1));
        assertEquals("Renamed", server.scalar("SELECT title FROM book WHERE id = 1"));
    }

    @Test
    void aReadOnlyFunctionIsAlsoCalledByGetAndQueryButAWritingOneIsNot() {
        as("reader").get("/_rpc/books_after?year=2015").then().statusCode(200).body("data.id", contains(21, 23, 44));
        as("reader")
                .body("{\"year\": 2015}")
                .request("QUERY", "/_rpc/books_after")
                .then()
                .statusCode(200)
                .body("data.id", contains(21, 23, 44));
        as("writer")
                .get("/_rpc/rename?id=1&title=x")
                .then()
                .statusCode(405)
                .body("code", equalTo("method_not_allowed"));
    }

    @Test
    void aVerbThatNeverCallsAFunctionIsA405ThatSaysWhichDo() {
        for (String verb : new String[] {"PUT", "DELETE", "PATCH", "FETCH"}) {
            as("writer")
                    .body("{}")
                    .request(verb, "/_rpc/rename")
                    .then()
                    .statusCode(405)
                    .header("Allow", "GET, POST, QUERY, OPTIONS")
                    .body("code", equalTo("method_not_allowed"));
        }
    }

    @Test
    void argumentsAreCheckedLikeColumnValues() {
        as("reader")
                .body("{\"year\": \"soon\"}")
                .post("/_rpc/books_after")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_value"))
                .body("details.year", equalTo("expects an integer, got \"soon\""));
        as("reader")
                .body("{\"year\": 1, \"limit\": 3}")
                .post("/_rpc/books_after")
                .then()
                .statusCode(400)
                .body("code", equalTo("unknown_argument"));
        as("reader")
                .body("{}")
                .post("/_rpc/books_after")
                .then()
                .statusCode(400)
                .body("code", equalTo("missing_argument"));
        as("reader")
                .body("[1]")
                .post("/_rpc/books_after")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"));
    }

    @Test
    void theExecuteRuleDecidesWhoCallsWhatAndHidesTheRest() {
        as("reader")
                .body("{\"id\": 1, \"title\": \"x\"}")
                .post("/_rpc/rename")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        as("reader").post("/_rpc/no_such_function").then().statusCode(403); // not 404: nothing learned
        as("writer").post("/_rpc/no_such_function").then().statusCode(404).body("code", equalTo("unknown_function"));
        server.http().body("{\"year\": 1}").post("/_rpc/books_after").then().statusCode(401);
    }

    @Test
    void javaFunctionsGetTheCallerAndTheTransaction() {
        as("reader").get("/_rpc/whoami").then().statusCode(200).body("data.role", equalTo("reader"));
        Object before = server.scalar("SELECT count(*) FROM genre");
        as("writer")
                .body("{\"code\": \"poetry\"}")
                .post("/_rpc/add_genre")
                .then()
                .statusCode(200);
        as("writer")
                .body("{\"code\": \"undo\"}")
                .post("/_rpc/add_genre")
                .then()
                .statusCode(422)
                .body("code", equalTo("genre_refused"))
                .body("details.code", equalTo("is taken"));
        assertEquals(((Number) before).intValue() + 1, server.scalar("SELECT count(*) FROM genre"));
        as("writer")
                .body("{}")
                .post("/_rpc/add_genre")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_argument"));
    }

    @Test
    void schemaListsTheFunctionsTheRoleMayExecute() {
        as("reader")
                .get("/_schema")
                .then()
                .statusCode(200)
                .body("functions.name", containsInAnyOrder("books_after", "book_count", "whoami"))
                .body("functions.find { it.name == 'books_after' }.arguments[0].type", equalTo("integer"))
                .body("functions.find { it.name == 'book_count' }.returns", equalTo("scalar"));
        as("writer")
                .get("/_schema")
                .then()
                .statusCode(200)
                .body("functions.name", hasItem("rename"))
                .body("functions.find { it.name == 'rename' }.returns", equalTo("changed"));
    }

    @Test
    void openApiDescribesTheFunctionsTheRoleMayExecute() {
        as("reader")
                .get("/_openapi")
                .then()
                .statusCode(200)
                .body(
                        "paths.'/_rpc/books_after'.post.requestBody.content.'application/json'.schema.required",
                        contains("year"))
                .body("paths.'/_rpc/books_after'.get.parameters.name", contains("year"))
                .body("paths.'/_rpc/whoami'.post.operationId", equalTo("rpc_whoami"))
                .body("paths", not(hasKey("/_rpc/rename")));
        as("writer").get("/_openapi").then().statusCode(200).body("paths", hasKey("/_rpc/rename"));
        server.http().get("/_openapi").then().body("paths", not(hasKey("/_rpc/books_after")));
    }

    @Test
    void postgresFunctionsAreReflectedAndCalledByName() {
        assumeTrue(TestDatabase.current() == TestDatabase.POSTGRES, "PostgreSQL functions");
        as("writer")
                .body("{\"since\": 2015}")
                .post("/_rpc/books_since")
                .then()
                .statusCode(200)
                .body("data.id", contains(21, 23))
                .body("data[0].title", equalTo("Book 21"));
        as("writer")
                .get("/_rpc/books_since?since=2015&max_rows=1")
                .then()
                .statusCode(200)
                .body("data.id", contains(21));
        as("writer")
                .body("{\"a\": 1}")
                .post("/_rpc/add_numbers")
                .then()
                .statusCode(200)
                .body("data", equalTo(11));
        as("writer")
                .body("{\"a\": \"x\"}")
                .post("/_rpc/add_numbers")
                .then()
                .statusCode(400)
                .body("details.a", not(equalTo(null)));
        as("writer")
                .body("{\"book_id\": 1}")
                .post("/_rpc/shout")
                .then()
                .statusCode(200)
                .body("data", equalTo("Book 1!"));
        as("writer").get("/_rpc/shout?book_id=1").then().statusCode(405);
        as("writer")
                .get("/_schema")
                .then()
                .body("functions.find { it.name == 'add_numbers' }.read_only", equalTo(true));
    }

    @Test
    void mariadbFunctionsAndProceduresAreReflectedAndCalledByName() {
        assumeTrue(TestDatabase.current() == TestDatabase.MARIADB, "MariaDB routines");
        as("writer")
                .body("{\"since\": 2015, \"max_rows\": 2}")
                .post("/_rpc/books_since")
                .then()
                .statusCode(200)
                .body("data.id", contains(21, 23))
                .body("data[0].title", equalTo("Book 21"));
        as("writer").get("/_rpc/books_since?since=2015&max_rows=1").then().statusCode(405); // a procedure: POST only
        as("writer")
                .body("{\"since\": 2015}")
                .post("/_rpc/books_since")
                .then()
                .statusCode(400)
                .body("code", equalTo("missing_argument")); // MariaDB parameters have no defaults
        as("writer").get("/_rpc/add_numbers?a=1&b=10").then().statusCode(200).body("data", equalTo(11));
        as("writer")
                .body("{\"a\": \"x\", \"b\": 1}")
                .post("/_rpc/add_numbers")
                .then()
                .statusCode(400)
                .body("details.a", not(equalTo(null)));
        as("writer")
                .body("{\"book_id\": 1}")
                .post("/_rpc/shout")
                .then()
                .statusCode(200)
                .body("data", equalTo("Book 1!"));
        as("writer").get("/_rpc/shout?book_id=1").then().statusCode(405); // MODIFIES SQL DATA
        as("writer").post("/_rpc/with_out").then().statusCode(404); // an OUT parameter: not callable
        as("writer")
                .get("/_schema")
                .then()
                .body("functions.find { it.name == 'add_numbers' }.read_only", equalTo(true))
                .body("functions.find { it.name == 'add_numbers' }.source", equalTo("mariadb"))
                .body("functions.find { it.name == 'books_since' }.returns", equalTo("rows"))
                .body("functions.find { it.name == 'books_since' }.arguments.type", contains("integer", "integer"));
    }
}
