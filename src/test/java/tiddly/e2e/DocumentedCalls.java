package tiddly.e2e;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The operations an OpenAPI document lists, by operationId, and requests built from them: a path
 * with its key filled in, and bodies made from the document's schemas.
 */
final class DocumentedCalls {
    /** One operation: where it is and how it is called. */
    record Call(String path, String method, JsonObject operation) {}

    private static final java.util.Set<String> METHODS = java.util.Set.of("get", "put", "post", "delete", "query");

    private final Map<String, Call> calls = new TreeMap<>();
    private final JsonObject schemas;
    private final Supplier<RequestSpecification> http;
    private int counter;

    /** Every operation of the documents; the first one's schemas make the bodies. */
    DocumentedCalls(Supplier<RequestSpecification> http, JsonObject... documents) {
        this.http = http;
        this.schemas = documents[0].getAsJsonObject("components").getAsJsonObject("schemas");
        for (JsonObject document : documents) {
            for (Map.Entry<String, JsonElement> path :
                    document.getAsJsonObject("paths").entrySet()) {
                JsonObject item = path.getValue().getAsJsonObject();
                for (String method : item.keySet()) {
                    if (METHODS.contains(method)) {
                        add(path.getKey(), method.toUpperCase(java.util.Locale.ROOT), item.getAsJsonObject(method));
                    }
                }
                if (item.has("additionalOperations")) {
                    item.getAsJsonObject("additionalOperations")
                            .entrySet()
                            .forEach(other -> add(
                                    path.getKey(),
                                    other.getKey(),
                                    other.getValue().getAsJsonObject()));
                }
            }
        }
    }

    private void add(String path, String method, JsonObject operation) {
        calls.put(operation.get("operationId").getAsString(), new Call(path, method, operation));
    }

    Map<String, Call> all() {
        return calls;
    }

    /** Sends the operation {@code id}, with {@code key} in its path if it has one, and {@code body} if any. */
    Response send(String id, Object key, String body) {
        Call call = calls.get(id);
        if (call == null) {
            throw new AssertionError("the document has no operation " + id + "; it has " + calls.keySet());
        }
        String path =
                call.path().replaceAll("\\{[^}]+}", URLEncoder.encode(String.valueOf(key), StandardCharsets.UTF_8));
        RequestSpecification request = http.get();
        if (body != null) {
            request = request.body(body);
        }
        return request.when().request(call.method(), path);
    }

    /** A row for the schema {@code component}: its required properties, with made-up values. */
    JsonObject row(String component) {
        JsonObject schema = schemas.getAsJsonObject(component);
        JsonObject row = new JsonObject();
        if (schema.has("required")) {
            for (JsonElement name : schema.getAsJsonArray("required")) {
                row.add(
                        name.getAsString(),
                        value(schema.getAsJsonObject("properties").getAsJsonObject(name.getAsString())));
            }
        }
        return row;
    }

    /** A value of a column's schema: its first type that is not null. */
    JsonElement value(JsonObject property) {
        JsonElement types = property.get("type");
        String type = types.isJsonArray() ? types.getAsJsonArray().get(0).getAsString() : types.getAsString();
        String format = property.has("format") ? property.get("format").getAsString() : "";
        return switch (type) {
            case "integer" -> new com.google.gson.JsonPrimitive(1);
            case "number" -> new com.google.gson.JsonPrimitive(1.5);
            case "boolean" -> new com.google.gson.JsonPrimitive(true);
            default ->
                new com.google.gson.JsonPrimitive(
                        switch (format) {
                            case "uuid" -> java.util.UUID.randomUUID().toString();
                            case "date" -> "2024-02-29";
                            case "date-time" -> "2024-02-29T12:00:00Z";
                            case "byte" -> "AAE=";
                            default -> "made-" + ++counter;
                        });
        };
    }

    JsonObject schema(String component) {
        return schemas.getAsJsonObject(component);
    }
}
