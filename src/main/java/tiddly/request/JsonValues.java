package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.Base64;
import tiddly.query.JsonText;

/** A value read from the database as JSON again, for batch references and cursors. */
final class JsonValues {
    private JsonValues() {}

    /** Numbers, booleans and text as themselves, blobs as base64, JSON as its value, NULL as null. */
    static JsonElement of(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean bool) {
            return new JsonPrimitive(bool);
        }
        if (value instanceof JsonText json) {
            return JsonParser.parseString(json.json()); // a JSON column's document, valid as read
        }
        if (value instanceof byte[] bytes) {
            return new JsonPrimitive(Base64.getEncoder().encodeToString(bytes));
        }
        return new JsonPrimitive(value.toString());
    }
}
