package tiddly.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks OpenAPI documents: 3.1 with swagger-parser's validator; 3.2, which no Java validator
 * reads yet, by its structure (the fields 3.2 adds) and then with the 3.1 validator over the
 * same document with its query and additional operations moved to POST operations of their own.
 */
public final class OpenApiDocuments {
    private static final Set<String> PATH_ITEM_31 = Set.of(
            "$ref",
            "summary",
            "description",
            "servers",
            "parameters",
            "get",
            "put",
            "post",
            "delete",
            "options",
            "head",
            "patch",
            "trace");
    private static final Set<String> FIXED_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace", "query");

    private OpenApiDocuments() {}

    /** What swagger-parser finds wrong with a 3.1 document: nothing when it is valid. */
    public static List<String> problems31(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(json, null, options);
        List<String> problems = new ArrayList<>();
        if (result.getOpenAPI() == null) {
            problems.add("not read as OpenAPI at all");
        }
        if (result.getMessages() != null) {
            problems.addAll(result.getMessages());
        }
        return problems;
    }

    /** What is wrong with a 3.2 document: its 3.2 structure, then everything else as 3.1. */
    public static List<String> problems32(String json) {
        JsonObject document = JsonParser.parseString(json).getAsJsonObject();
        List<String> problems = new ArrayList<>();
        if (!document.get("openapi").getAsString().equals("3.2.0")) {
            problems.add("openapi is " + document.get("openapi") + ", not 3.2.0");
        }
        JsonObject paths = document.getAsJsonObject("paths");
        JsonObject moved = new JsonObject();
        for (Map.Entry<String, JsonElement> path : paths.entrySet()) {
            JsonObject item = path.getValue().getAsJsonObject().deepCopy();
            for (String key : item.keySet()) {
                if (!PATH_ITEM_31.contains(key) && !key.equals("query") && !key.equals("additionalOperations")) {
                    problems.add(path.getKey() + " has the field '" + key + "', which a 3.2 path item has not");
                }
            }
            if (item.has("query")) {
                moved.add("/" + "QUERY" + path.getKey(), post(item.remove("query")));
            }
            if (item.has("additionalOperations")) {
                for (Map.Entry<String, JsonElement> operation :
                        item.remove("additionalOperations").getAsJsonObject().entrySet()) {
                    String method = operation.getKey();
                    if (FIXED_METHODS.contains(method.toLowerCase(java.util.Locale.ROOT))) {
                        problems.add(path.getKey() + " lists " + method + " in additionalOperations; it has a field");
                    }
                    if (!method.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                        problems.add(path.getKey() + ": '" + method + "' is not an HTTP method token");
                    }
                    moved.add("/" + method + path.getKey(), post(operation.getValue()));
                }
            }
            moved.add(path.getKey(), item);
        }
        problems.addAll(uniqueOperationIds(paths));
        itemSchemasAsSchemas(moved, problems);
        document.addProperty("openapi", "3.1.0");
        document.add("paths", moved);
        for (String problem : problems31(document.toString())) {
            problems.add("as 3.1: " + problem);
        }
        return problems;
    }

    /**
     * A 3.2 media type's itemSchema (the schema of each item of a stream) has no 3.1 field: it is
     * checked as the media type's schema, so that the 3.1 validator still reads the schema itself.
     */
    private static void itemSchemasAsSchemas(JsonElement json, List<String> problems) {
        if (json.isJsonObject()) {
            JsonObject object = json.getAsJsonObject();
            if (object.has("itemSchema")) {
                if (object.has("schema")) {
                    problems.add("a media type has both schema and itemSchema");
                }
                object.add("schema", object.remove("itemSchema"));
            }
            object.entrySet().forEach(member -> itemSchemasAsSchemas(member.getValue(), problems));
        } else if (json.isJsonArray()) {
            json.getAsJsonArray().forEach(item -> itemSchemasAsSchemas(item, problems));
        }
    }

    private static JsonObject post(JsonElement operation) {
        JsonObject item = new JsonObject();
        item.add("post", operation);
        return item;
    }

    private static List<String> uniqueOperationIds(JsonObject paths) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, JsonElement> path : paths.entrySet()) {
            JsonObject item = path.getValue().getAsJsonObject();
            List<JsonElement> operations = new ArrayList<>();
            for (String method : FIXED_METHODS) {
                if (item.has(method)) {
                    operations.add(item.get(method));
                }
            }
            if (item.has("additionalOperations")) {
                item.getAsJsonObject("additionalOperations").entrySet().forEach(e -> operations.add(e.getValue()));
            }
            for (JsonElement operation : operations) {
                JsonElement id = operation.getAsJsonObject().get("operationId");
                if (id != null && !seen.add(id.getAsString())) {
                    problems.add("operationId " + id + " is not unique");
                }
                if (!operation.getAsJsonObject().has("responses")) {
                    problems.add(path.getKey() + " has an operation without responses");
                }
            }
        }
        return problems;
    }
}
