package tiddly.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A call's JSON arguments as plain Java values for a Java function, and typed values back as JSON. */
final class JsonArguments {
    private JsonArguments() {}

    static Map<String, Object> toJava(JsonObject object) {
        Map<String, Object> values = new LinkedHashMap<>();
        object.entrySet().forEach(member -> values.put(member.getKey(), java(member.getValue())));
        return values;
    }

    /** Text, a Long for a whole number, a Double for another, a Boolean, a List, a Map, or null. */
    private static Object java(JsonElement json) {
        if (json.isJsonNull()) {
            return null;
        }
        if (json.isJsonObject()) {
            return toJava(json.getAsJsonObject());
        }
        if (json.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            json.getAsJsonArray().forEach(item -> list.add(java(item)));
            return list;
        }
        JsonPrimitive value = json.getAsJsonPrimitive();
        if (value.isBoolean()) {
            return value.getAsBoolean();
        }
        if (value.isNumber()) {
            BigDecimal number = value.getAsBigDecimal();
            try {
                return number.longValueExact();
            } catch (ArithmeticException notWhole) {
                return number.doubleValue();
            }
        }
        return value.getAsString();
    }

    /** A value converted from a URL's text, as the JSON member a body would have held. */
    static JsonElement toJson(Object value) {
        if (value == null) {
            return com.google.gson.JsonNull.INSTANCE;
        }
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean bool) {
            return new JsonPrimitive(bool);
        }
        return new JsonPrimitive(value.toString());
    }
}
