package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.OpenApiDocuments;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/** {@code GET /_openapi} over the sample database, with no rules: the whole API, valid. */
class OpenApiTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    private String document(String version) {
        return server.http()
                .queryParam("version", version)
                .when()
                .get("/_openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    @Test
    void theDocumentIsValidOpenApi31() {
        String json = document("3.1");
        assertEquals(List.of(), OpenApiDocuments.problems31(json));
        JsonObject paths = JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("paths");
        assertEquals(
                List.of("get", "post", "put", "delete"),
                List.copyOf(paths.getAsJsonObject("/book").keySet()));
    }

    @Test
    void theDocumentIsWellFormedOpenApi32() {
        String json = document("3.2");
        assertEquals(List.of(), OpenApiDocuments.problems32(json));
    }

    @Test
    void liveQueriesAreEventStreamsWithAnItemSchemaIn32Only() {
        JsonObject v32 = JsonParser.parseString(document("3.2")).getAsJsonObject();
        for (String verb : List.of("get", "query")) {
            JsonObject stream = v32.getAsJsonObject("paths")
                    .getAsJsonObject("/book")
                    .getAsJsonObject(verb)
                    .getAsJsonObject("responses")
                    .getAsJsonObject("200")
                    .getAsJsonObject("content")
                    .getAsJsonObject("text/event-stream");
            JsonObject item = stream.getAsJsonObject("itemSchema");
            assertEquals("object", item.get("type").getAsString(), verb);
            assertTrue(item.getAsJsonObject("properties")
                    .getAsJsonObject("event")
                    .getAsJsonArray("enum")
                    .toString()
                    .contains("\"insert\""));
        }
        assertTrue(!document("3.1").contains("itemSchema"), "3.1 has no itemSchema to describe a stream");
    }

    @Test
    void theValidatorFindsAnUnknownFieldAMissingDescriptionAndABrokenReference() {
        JsonObject broken = JsonParser.parseString(document("3.1")).getAsJsonObject();
        JsonObject get =
                broken.getAsJsonObject("paths").getAsJsonObject("/book").getAsJsonObject("get");
        get.addProperty("colour", "red");
        get.getAsJsonObject("responses").getAsJsonObject("200").remove("description");
        broken.getAsJsonObject("components").getAsJsonObject("schemas").remove("book.where");
        List<String> problems = OpenApiDocuments.problems31(broken.toString());
        assertTrue(problems.contains("attribute paths.'/book'(get).colour is unexpected"), problems::toString);
        assertTrue(
                problems.contains("attribute paths.'/book'(get).responses.200.description is missing"),
                problems::toString);
        assertTrue(
                problems.contains(
                        "Could not find /components/schemas/book.where in contents of #/components/schemas/book.where"),
                problems::toString);
        broken.addProperty("openapi", "3.2.0");
        get.add("query", new JsonObject());
        assertTrue(OpenApiDocuments.problems32(broken.toString())
                .contains("as 3.1: attribute paths.'/book'(get).query is unexpected"));
    }

    /**
     * Per table: two rows inserted, then every read (GET, POST …/_query, QUERY, FETCH, by key), the
     * updates by key and by the key in the body, the deletes by key and by a where; then the rest.
     */
    @Test
    void aRequestBuiltFromTheDocumentSucceedsForEveryOperation() {
        JsonObject v31 = JsonParser.parseString(document("3.1")).getAsJsonObject();
        JsonObject v32 = JsonParser.parseString(document("3.2")).getAsJsonObject();
        DocumentedCalls calls = new DocumentedCalls(server::http, v31, v32);
        Set<String> sent = new TreeSet<>();
        for (String list : calls.all().keySet()) {
            if (!list.startsWith("list")) {
                continue;
            }
            String table = list.substring("list".length());
            DocumentedCalls.Call get = calls.all().get("get" + table);
            String component = get.operation().getAsJsonArray("tags").get(0).getAsString();
            String key =
                    get.path().substring(get.path().indexOf('{') + 1, get.path().length() - 1);
            Object first = insert(calls, "insert" + table, component, key, sent);
            Object second = insert(calls, "insert" + table, component, key, sent);
            for (String read : List.of("list", "postQuery", "query", "fetch")) {
                expect(
                        200,
                        calls.send(read + table, null, read.equals("list") ? null : "{\"limit\": 2}"),
                        read + table,
                        sent);
            }
            expect(200, calls.send("get" + table, first, null), "get" + table, sent);
            JsonObject change = change(calls, component, key);
            expect(
                    200,
                    calls.send("update" + table + "ByKey", first, change.toString()),
                    "update" + table + "ByKey",
                    sent);
            change.add(key, new Gson().toJsonTree(first));
            expect(200, calls.send("update" + table, null, change.toString()), "update" + table, sent);
            expect(200, calls.send("delete" + table + "ByKey", first, null), "delete" + table + "ByKey", sent);
            JsonObject where = new JsonObject();
            where.add(key, new Gson().toJsonTree(second));
            JsonObject delete = new JsonObject();
            delete.add("where", where);
            expect(200, calls.send("delete" + table, null, delete.toString()), "delete" + table, sent);
        }
        expect(200, calls.send("batch", null, "[{\"method\": \"GET\", \"table\": \"dual\"}]"), "batch", sent);
        expect(200, calls.send("info", null, null), "info", sent);
        expect(200, calls.send("schema", null, null), "schema", sent);
        expect(200, calls.send("reloadSchema", null, null), "reloadSchema", sent);
        assertEquals(calls.all().keySet(), sent);
    }

    private static Object insert(DocumentedCalls calls, String id, String component, String key, Set<String> sent) {
        io.restassured.response.Response response =
                calls.send(id, null, calls.row(component + ".insert").toString());
        expect(201, response, id, sent);
        return response.path("data." + key);
    }

    /** One column to change: the first one the update body takes besides the key. */
    private static JsonObject change(DocumentedCalls calls, String component, String key) {
        JsonObject properties = calls.schema(component + ".update").getAsJsonObject("properties");
        JsonObject change = new JsonObject();
        for (String column : properties.keySet()) {
            if (!column.equals(key) && !properties.getAsJsonObject(column).has("writeOnly")) {
                change.add(column, calls.value(properties.getAsJsonObject(column)));
                return change;
            }
        }
        throw new AssertionError(component + " has no column to change");
    }

    private static void expect(int status, io.restassured.response.Response response, String id, Set<String> sent) {
        assertEquals(status, response.statusCode(), () -> id + ": " + response.asString());
        sent.add(id);
    }

    @Test
    void theDocumentHasAnETagAndIsWrittenAgainWhenTheSchemaReloads() {
        String etag = server.http()
                .when()
                .get("/_openapi")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        server.http()
                .header("If-None-Match", etag)
                .when()
                .get("/_openapi")
                .then()
                .statusCode(304)
                .header("ETag", etag);
        server.execute("ALTER TABLE author ADD COLUMN bio TEXT");
        server.http().when().post("/_schema/reload").then().statusCode(200);
        String json = server.http()
                .header("If-None-Match", etag)
                .when()
                .get("/_openapi")
                .then()
                .statusCode(200)
                .header("ETag", not(equalTo(etag)))
                .extract()
                .asString();
        assertTrue(JsonParser.parseString(json)
                .getAsJsonObject()
                .getAsJsonObject("components")
                .getAsJsonObject("schemas")
                .getAsJsonObject("author")
                .getAsJsonObject("properties")
                .has("bio"));
    }

    /** SQLite has no comments; PostgreSQL's COMMENT ON and MariaDB's COMMENT become descriptions. */
    @Test
    void tableAndColumnCommentsBecomeDescriptions() {
        assumeTrue(server.database() != TestDatabase.SQLITE, "SQLite has no comments");
        if (server.database() == TestDatabase.POSTGRES) {
            server.execute("COMMENT ON TABLE author IS 'People who write books'");
            server.execute("COMMENT ON COLUMN author.born IS 'The year of birth'");
        } else {
            server.execute("ALTER TABLE author COMMENT = 'People who write books'");
            server.execute("ALTER TABLE author MODIFY born BIGINT COMMENT 'The year of birth'");
        }
        server.http().when().post("/_schema/reload").then().statusCode(200);
        JsonObject document = JsonParser.parseString(document("3.1")).getAsJsonObject();
        JsonObject author = document.getAsJsonObject("components")
                .getAsJsonObject("schemas")
                .getAsJsonObject("author");
        assertEquals("People who write books", author.get("description").getAsString());
        assertEquals(
                "The year of birth",
                author.getAsJsonObject("properties")
                        .getAsJsonObject("born")
                        .get("description")
                        .getAsString());
        assertEquals(
                "People who write books",
                document.getAsJsonArray("tags")
                        .get(0)
                        .getAsJsonObject()
                        .get("description")
                        .getAsString());
    }

    @Test
    void everyErrorCodeOfTheReferenceIsAComponent() throws java.io.IOException {
        List<String> reference = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("docs", "errors.md"))) {
            java.util.regex.Matcher row = java.util.regex.Pattern.compile("^\\| `([a-z_]+)` \\| [0-9]{3} \\|")
                    .matcher(line);
            if (row.find()) {
                reference.add(row.group(1));
            }
        }
        JsonObject components =
                JsonParser.parseString(document("3.1")).getAsJsonObject().getAsJsonObject("components");
        List<String> documented = new java.util.ArrayList<>();
        components
                .getAsJsonObject("schemas")
                .getAsJsonObject("ErrorCode")
                .getAsJsonArray("anyOf")
                .get(0)
                .getAsJsonObject()
                .getAsJsonArray("enum")
                .forEach(code -> documented.add(code.getAsString()));
        assertEquals(reference, documented);
        assertTrue(reference.size() > 40, reference::toString);
        assertTrue(components.getAsJsonObject("responses").has("Error412"));
    }

    @Test
    void anUnknownVersionIs400() {
        server.http()
                .queryParam("version", "3.0")
                .when()
                .get("/_openapi")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body(
                        "error",
                        equalTo("'version' must be 3.1 or 3.2 (the OpenAPI version of the document), got '3.0'"));
    }
}
