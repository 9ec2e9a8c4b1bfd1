package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.Set;

/** Small readers shared by the parsers: the body as JSON, its members, counts and flags. */
final class Bodies {
    private Bodies() {}

    /** The body as JSON: empty is JSON null; a JSON string holding JSON (double-encoded) is unwrapped once. */
    static JsonElement json(String text) {
        if (text.isBlank()) {
            return JsonNull.INSTANCE;
        }
        JsonElement json = StrictJson.parse(text);
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
            return StrictJson.parse(json.getAsString());
        }
        return json;
    }

    static JsonObject object(JsonElement json, String what) {
        if (!json.isJsonObject()) {
            throw BadRequestException.invalidBody(
                    what + " must be a JSON object" + (json.isJsonNull() ? ", not empty" : ""));
        }
        return json.getAsJsonObject();
    }

    /** The body as an object whose keys must all be in {@code keys}; empty is {}. */
    static JsonObject keyed(JsonElement json, String what, Set<String> keys, String expected) {
        JsonObject object = json.isJsonNull() ? new JsonObject() : object(json, what);
        for (String key : object.keySet()) {
            if (!keys.contains(key)) {
                throw BadRequestException.invalidBody(
                        "unknown key '" + key + "' in " + what + "; expected " + expected);
            }
        }
        return object;
    }

    static JsonElement member(JsonObject object, String key) {
        return object.has(key) ? object.get(key) : JsonNull.INSTANCE;
    }

    static boolean flag(JsonObject object, String key) {
        JsonElement value = member(object, key);
        if (value.isJsonNull()) {
            return false;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return value.getAsBoolean();
        }
        throw BadRequestException.invalidBody("'" + key + "' must be true or false");
    }

    /** A non-negative whole number, for limit and offset; one beyond a long counts as Long.MAX_VALUE. */
    static long count(String name, JsonElement json) {
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber()) {
            BigDecimal number = json.getAsBigDecimal();
            if (number.signum() >= 0 && number.stripTrailingZeros().scale() <= 0) {
                return number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : number.longValue();
            }
        }
        throw BadRequestException.invalidLimit("'" + name + "' must be a non-negative integer, got " + json);
    }
}
