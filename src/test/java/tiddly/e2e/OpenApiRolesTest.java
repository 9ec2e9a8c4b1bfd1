package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.OpenApiDocuments;
import tiddly.testing.TiddlyServer;

/**
 * {@code /_openapi} under rules: each role's document is valid and lists exactly the tables,
 * columns and verbs that role may use, with the security schemes the config sets up.
 */
class OpenApiRolesTest {
    private static final String CONFIG = """
            {
              "auth": {
                "jwt_secret": "a-test-secret-that-is-long-enough-0123456789",
                "users": {"table": "user", "identity": "email", "password": "password", "default_role": "user"},
                "api_keys": {"admin-key-0123456789abcdef": "admin"}
              },
              "rules": {
                "anon": {"book": {"read": true}, "author": {"read": true}, "genre": {"read": true}},
                "user": {
                  "*": {"read": true},
                  "user": {"read": true, "update": {"where": {"id": "$auth.sub"}}, "read_only": ["email"]}
                },
                "admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}}
              }
            }""";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig(CONFIG);

    private RequestSpecification anon() {
        return server.http();
    }

    private RequestSpecification alice() {
        String basic =
                Base64.getEncoder().encodeToString("alice@example.com:alice-secret".getBytes(StandardCharsets.UTF_8));
        return server.http().header("Authorization", "Basic " + basic);
    }

    private RequestSpecification admin() {
        return server.http().header("X-API-Key", "admin-key-0123456789abcdef");
    }

    /** The role's document in both versions, each checked; the 3.1 one returned. */
    private static JsonObject document(RequestSpecification caller) {
        String v31 =
                caller.when().get("/_openapi").then().statusCode(200).extract().asString();
        assertEquals(List.of(), OpenApiDocuments.problems31(v31));
        return JsonParser.parseString(v31).getAsJsonObject();
    }

    private static void assertWellFormed32(RequestSpecification caller) {
        String v32 = caller.queryParam("version", "3.2")
                .when()
                .get("/_openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(List.of(), OpenApiDocuments.problems32(v32));
    }

    /** Each path and its methods, sorted: what the document says the caller may do. */
    private static Map<String, List<String>> operations(JsonObject document) {
        Map<String, List<String>> operations = new TreeMap<>();
        for (Map.Entry<String, JsonElement> path :
                document.getAsJsonObject("paths").entrySet()) {
            List<String> methods =
                    new ArrayList<>(path.getValue().getAsJsonObject().keySet());
            methods.remove("parameters");
            operations.put(path.getKey(), methods);
        }
        return operations;
    }

    private static JsonObject schema(JsonObject document, String name) {
        return document.getAsJsonObject("components").getAsJsonObject("schemas").getAsJsonObject(name);
    }

    private static List<String> strings(JsonElement array) {
        List<String> strings = new ArrayList<>();
        array.getAsJsonArray().forEach(element -> strings.add(element.getAsString()));
        return strings;
    }

    @Test
    void anAnonymousCallerSeesTheThreeTablesItMayReadAndOnlyReads() {
        JsonObject document = document(anon());
        assertWellFormed32(anon());
        Map<String, List<String>> expected = new TreeMap<>();
        for (String table : List.of("author", "book", "genre")) {
            expected.put("/" + table, List.of("get"));
            expected.put("/" + table + "/_query", List.of("post"));
        }
        expected.put("/author/{id}", List.of("get"));
        expected.put("/book/{id}", List.of("get"));
        expected.put("/genre/{code}", List.of("get"));
        expected.put("/_batch", List.of("post"));
        expected.put("/_login", List.of("post"));
        expected.put("/_info", List.of("get"));
        expected.put("/_schema", List.of("get"));
        assertEquals(expected, operations(document));
        assertEquals(
                List.of("FETCH", "GET", "QUERY"),
                strings(schema(document, "BatchOperation")
                        .getAsJsonObject("properties")
                        .getAsJsonObject("method")
                        .get("enum")));
        assertFalse(document.getAsJsonObject("components")
                .getAsJsonObject("schemas")
                .has("user"));
        assertEquals(
                List.of("bearer", "basic", "apiKey"),
                List.copyOf(document.getAsJsonObject("components")
                        .getAsJsonObject("securitySchemes")
                        .keySet()));
        JsonArray security = document.getAsJsonArray("security");
        assertEquals(new JsonObject(), security.get(security.size() - 1)); // credentials are optional for anon
        assertEquals(
                new JsonArray(),
                document.getAsJsonObject("paths")
                        .getAsJsonObject("/_login")
                        .getAsJsonObject("post")
                        .get("security"));
    }

    @Test
    void aSignedInUserMayReadEveryTableAndUpdateOnlyItsOwnRowWithoutItsEmail() {
        JsonObject document = document(alice());
        assertWellFormed32(alice());
        Map<String, List<String>> operations = operations(document);
        assertEquals(List.of("get", "put"), operations.get("/user"));
        assertEquals(List.of("get", "put"), operations.get("/user/{id}"));
        assertEquals(List.of("get"), operations.get("/book"));
        assertEquals(List.of("get"), operations.get("/dual"));
        JsonObject user = schema(document, "user");
        assertEquals(
                List.of("id", "name", "email"),
                List.copyOf(user.getAsJsonObject("properties").keySet()));
        assertTrue(user.getAsJsonObject("properties")
                .getAsJsonObject("email")
                .get("readOnly")
                .getAsBoolean());
        assertEquals(
                List.of("id", "name"),
                List.copyOf(schema(document, "user.update")
                        .getAsJsonObject("properties")
                        .keySet()));
        assertFalse(document.getAsJsonObject("paths").has("/_schema/reload"));
        assertFalse(document.getAsJsonArray("security").contains(new JsonObject()));
    }

    @Test
    void theAdminKeyMayDoEverythingAndReloadTheSchema() {
        JsonObject document = document(admin());
        assertWellFormed32(admin());
        Map<String, List<String>> operations = operations(document);
        for (String table : List.of("author", "book", "dual", "genre", "user")) {
            assertEquals(List.of("get", "post", "put", "delete"), operations.get("/" + table), table);
        }
        assertEquals(List.of("get", "put", "delete"), operations.get("/book/{id}"));
        assertEquals(List.of("post"), operations.get("/_schema/reload"));
        assertEquals(
                List.of("id", "name", "email"),
                List.copyOf(schema(document, "user.insert")
                        .getAsJsonObject("properties")
                        .keySet()));
    }

    @Test
    void eachRoleGetsItsOwnDocumentAndETag() {
        String anonTag = anon().when().get("/_openapi").then().extract().header("ETag");
        String adminTag = admin().when().get("/_openapi").then().extract().header("ETag");
        assertFalse(anonTag.equals(adminTag));
        admin().header("If-None-Match", adminTag).when().get("/_openapi").then().statusCode(304);
        anon().header("If-None-Match", adminTag).when().get("/_openapi").then().statusCode(200);
    }
}
