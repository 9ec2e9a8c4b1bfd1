package tiddly.request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /_batch}'s body → operations: an array of {@code {"method", "table", "key"?,
 * "body"?, "params"?, "if_match"?}}. Each operation's own body is parsed when it runs, after its
 * references are resolved.
 */
public final class BatchParser {
    private static final Set<String> KEYS = Set.of("method", "table", "key", "body", "params", "if_match");
    private static final Set<String> METHODS = Set.of("GET", "FETCH", "QUERY", "POST", "PUT", "DELETE");

    private final int maxOperations;

    public BatchParser(int maxOperations) {
        this.maxOperations = maxOperations;
    }

    public List<Operation> parse(String body) {
        JsonElement json = Bodies.json(body);
        if (!json.isJsonArray() || json.getAsJsonArray().isEmpty()) {
            throw BadRequestException.invalidBody("the batch body must be a non-empty array of operations");
        }
        JsonArray array = json.getAsJsonArray();
        if (array.size() > maxOperations) {
            throw BadRequestException.invalidBody(
                    "the batch has " + array.size() + " operations; at most " + maxOperations + " are allowed");
        }
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            operations.add(operation(array.get(i), i));
        }
        return operations;
    }

    private static Operation operation(JsonElement json, int index) {
        String what = "operation " + index + " of the batch";
        JsonObject object = Bodies.keyed(json, what, KEYS, "method, table, key, body, params or if_match");
        String method = text(object, "method", what).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw BadRequestException.invalidBody(
                    what + " has method '" + method + "'; expected GET, FETCH, QUERY, POST, PUT or DELETE");
        }
        Optional<String> key =
                object.has("key") ? Optional.of(scalar(object.get("key"), "key", what)) : Optional.empty();
        if (key.isPresent() && (method.equals("FETCH") || method.equals("QUERY") || method.equals("POST"))) {
            throw BadRequestException.invalidBody(what + ": " + method + " takes no key");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        JsonElement given = Bodies.member(object, "params");
        if (!given.isJsonNull()) {
            for (Map.Entry<String, JsonElement> param :
                    Bodies.object(given, "'params' of " + what).entrySet()) {
                params.put(param.getKey(), List.of(scalar(param.getValue(), "params." + param.getKey(), what)));
            }
        }
        Optional<String> ifMatch =
                object.has("if_match") ? Optional.of(text(object, "if_match", what)) : Optional.empty();
        return new Operation(
                method,
                text(object, "table", what),
                key,
                object.has("body") ? object.get("body") : JsonNull.INSTANCE,
                params,
                ifMatch);
    }

    private static String text(JsonObject object, String name, String what) {
        JsonElement value = Bodies.member(object, name);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw BadRequestException.invalidBody(what + " needs '" + name + "' as a string");
        }
        return value.getAsString();
    }

    private static String scalar(JsonElement value, String name, String what) {
        if (!value.isJsonPrimitive()) {
            throw BadRequestException.invalidBody(what + " needs '" + name + "' as a string or number");
        }
        return value.getAsString();
    }
}
