package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.OpenApiDocuments;
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
