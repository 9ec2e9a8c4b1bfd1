package tiddly.client;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON in and out: Java values (maps, lists, numbers, strings) ↔ Gson trees. */
final class Json {
    private static final Gson GSON =
            new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private Json() {}

    /** A Java value (Map, List, String, Number, Boolean, null, or a JSON tree) as JSON. */
    static JsonElement tree(Object value) {
        if (value instanceof JsonElement element) {
            return element;
        }
        return value == null ? JsonNull.INSTANCE : GSON.toJsonTree(value);
    }

    static String write(JsonElement element) {
        return GSON.toJson(element);
    }

    /** Parses JSON text; text that is not JSON is a client error that names where it came from. */
    static JsonElement parse(String text, String what) {
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw TiddlyClientException.local("invalid_json", what + " is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * A JSON value as plain Java: whole numbers as Long, other numbers as Double, objects as
     * ordered maps and arrays as lists.
     */
    static Object value(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (element instanceof JsonPrimitive primitive) {
            if (primitive.isBoolean()) {
                return primitive.getAsBoolean();
            }
            if (primitive.isNumber()) {
                return number(primitive.getAsBigDecimal());
            }
            return primitive.getAsString();
        }
        if (element instanceof JsonArray array) {
            List<Object> list = new ArrayList<>();
            array.forEach(item -> list.add(value(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        element.getAsJsonObject().entrySet().forEach(entry -> map.put(entry.getKey(), value(entry.getValue())));
        return map;
    }

    private static Object number(BigDecimal number) {
        try {
            return number.longValueExact();
        } catch (ArithmeticException notWhole) {
            return number.doubleValue();
        }
    }

    /** The object member {@code name}, or JSON null when absent. */
    static JsonElement member(JsonObject object, String name) {
        JsonElement element = object.get(name);
        return element == null ? JsonNull.INSTANCE : element;
    }
}
