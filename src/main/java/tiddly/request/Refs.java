package tiddly.request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Batch references: {@code {"$ref": "N.col"}} anywhere in an operation's body becomes the value of
 * column {@code col} in the row operation N produced (N before this one).
 */
final class Refs {
    private static final String REF = "$ref";
    private static final Pattern TARGET = Pattern.compile("^(\\d+)\\.(.+)$");

    private Refs() {}

    static JsonElement resolve(JsonElement json, List<Map<String, Object>> produced, int index) {
        if (json.isJsonObject()) {
            JsonObject object = json.getAsJsonObject();
            if (object.size() == 1 && object.has(REF)) {
                return value(object.get(REF), produced, index);
            }
            JsonObject copy = new JsonObject();
            object.entrySet().forEach(entry -> copy.add(entry.getKey(), resolve(entry.getValue(), produced, index)));
            return copy;
        }
        if (json.isJsonArray()) {
            JsonArray copy = new JsonArray();
            json.getAsJsonArray().forEach(element -> copy.add(resolve(element, produced, index)));
            return copy;
        }
        return json;
    }

    private static JsonElement value(JsonElement target, List<Map<String, Object>> produced, int index) {
        Matcher matcher = target.isJsonPrimitive() ? TARGET.matcher(target.getAsString()) : null;
        if (matcher == null || !matcher.matches()) {
            throw BadRequestException.invalidRef(
                    "operation " + index + ": a $ref must look like \"0.id\", got " + target);
        }
        int source = matcher.group(1).length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(matcher.group(1));
        String column = matcher.group(2);
        if (source >= index) {
            throw BadRequestException.invalidRef("operation " + index + ": $ref \"" + target.getAsString()
                    + "\" names an operation that has not run yet");
        }
        Map<String, Object> row = produced.get(source);
        if (row == null || !row.containsKey(column)) {
            throw BadRequestException.invalidRef(
                    "operation " + index + ": operation " + source + " produced no row with column '" + column + "'");
        }
        return JsonValues.of(row.get(column));
    }
}
