package tiddly.request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.StringJoiner;

/**
 * A JSON array as PostgreSQL's array literal, {@code {"a","b \"c\"",NULL}}, which the server
 * reads as the column's array type and checks element by element.
 */
final class ArrayLiteral {
    private ArrayLiteral() {}

    static String of(JsonArray array) {
        StringJoiner literal = new StringJoiner(",", "{", "}");
        for (JsonElement item : array) {
            if (item.isJsonNull()) {
                literal.add("NULL");
            } else if (item.isJsonArray()) {
                literal.add(of(item.getAsJsonArray()));
            } else {
                String text = item.isJsonPrimitive() ? item.getAsString() : item.toString();
                literal.add('"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
            }
        }
        return literal.toString();
    }
}
