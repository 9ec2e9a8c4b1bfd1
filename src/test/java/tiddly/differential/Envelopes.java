package tiddly.differential;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * Answers as compared: without the request id, a cursor only as being there, and numbers by value
 * to 12 significant digits (sums of floats may differ in their last digits between databases, and
 * a decimal's trailing zeros are shown by the servers only: both documented in databases.md).
 */
final class Envelopes {
    private Envelopes() {}

    static JsonElement normal(JsonElement json) {
        if (json.isJsonObject()) {
            JsonObject normal = new JsonObject();
            for (Map.Entry<String, JsonElement> entry : json.getAsJsonObject().entrySet()) {
                switch (entry.getKey()) {
                    case "request_id" -> {}
                    case "next" -> normal.addProperty("next", true);
                    default -> normal.add(entry.getKey(), normal(entry.getValue()));
                }
            }
            return normal;
        }
        if (json.isJsonArray()) {
            JsonArray normal = new JsonArray();
            json.getAsJsonArray().forEach(item -> normal.add(normal(item)));
            return normal;
        }
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber()) {
            BigDecimal number = new BigDecimal(json.getAsString()).round(new MathContext(12));
            BigDecimal stripped = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
            return new JsonPrimitive(stripped.toPlainString());
        }
        return json;
    }

    static boolean same(JsonElement a, JsonElement b) {
        return a.equals(b);
    }
}
