package tiddly.permission;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Rules' {@code "$auth.<claim>"} strings, replaced by the caller's claims. */
final class Placeholders {
    private static final String PREFIX = "$auth.";

    private Placeholders() {}

    /** A copy with every "$auth.x" string replaced by the caller's claim; empty if a claim is missing. */
    static Optional<JsonElement> resolve(Function<String, Optional<Object>> claims, JsonElement json) {
        if (json.isJsonPrimitive()
                && json.getAsJsonPrimitive().isString()
                && json.getAsString().startsWith(PREFIX)) {
            return claims.apply(json.getAsString().substring(PREFIX.length()))
                    .map(claim -> (JsonElement) new JsonPrimitive(claim.toString()));
        }
        if (json.isJsonObject()) {
            JsonObject copy = new JsonObject();
            for (Map.Entry<String, JsonElement> entry : json.getAsJsonObject().entrySet()) {
                Optional<JsonElement> value = resolve(claims, entry.getValue());
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                copy.add(entry.getKey(), value.get());
            }
            return Optional.of(copy);
        }
        if (json.isJsonArray()) {
            JsonArray copy = new JsonArray();
            for (JsonElement element : json.getAsJsonArray()) {
                Optional<JsonElement> value = resolve(claims, element);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                copy.add(value.get());
            }
            return Optional.of(copy);
        }
        return Optional.of(json);
    }
}
