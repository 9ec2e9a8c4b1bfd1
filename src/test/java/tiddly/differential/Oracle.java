package tiddly.differential;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The where filter evaluated in Java over the generated rows, as docs/API.md defines it: SQL's
 * three-valued logic (a comparison with NULL is unknown, and NOT unknown is unknown), text by code
 * point, like with only % and _ special, ilike by each letter's simple Unicode lower case.
 */
final class Oracle {
    private Oracle() {}

    static Set<Long> ids(List<JsonObject> rows, JsonArray children, JsonObject where) {
        Set<Long> ids = new TreeSet<>();
        for (JsonObject row : rows) {
            if (Boolean.TRUE.equals(holds(row, children, where))) {
                ids.add(row.get("id").getAsLong());
            }
        }
        return ids;
    }

    /** TRUE, FALSE or null for unknown. */
    private static Boolean holds(JsonObject row, JsonArray children, JsonObject where) {
        Boolean all = Boolean.TRUE;
        for (Map.Entry<String, JsonElement> entry : where.entrySet()) {
            all = and(all, part(row, children, entry.getKey(), entry.getValue()));
        }
        return all;
    }

    private static Boolean part(JsonObject row, JsonArray children, String key, JsonElement value) {
        switch (key) {
            case "and" -> {
                Boolean all = Boolean.TRUE;
                for (JsonElement part : value.getAsJsonArray()) {
                    all = and(all, holds(row, children, part.getAsJsonObject()));
                }
                return all;
            }
            case "or" -> {
                Boolean any = Boolean.FALSE;
                for (JsonElement part : value.getAsJsonArray()) {
                    Boolean one = holds(row, children, part.getAsJsonObject());
                    any = Boolean.TRUE.equals(any) || Boolean.TRUE.equals(one)
                            ? Boolean.TRUE
                            : any == null || one == null ? null : Boolean.FALSE;
                }
                return any;
            }
            case "not" -> {
                Boolean inner = holds(row, children, value.getAsJsonObject());
                return inner == null ? null : !inner;
            }
            case "h" -> {
                JsonObject has = value.getAsJsonObject().getAsJsonObject("has");
                for (JsonElement child : children) {
                    JsonObject object = child.getAsJsonObject();
                    if (object.get("g_id").getAsLong() == row.get("id").getAsLong()
                            && Boolean.TRUE.equals(holds(object, children, has))) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                JsonElement cell = row.get(key);
                if (!value.isJsonObject()) {
                    return compare(cell, "eq", value);
                }
                Boolean all = Boolean.TRUE;
                for (Map.Entry<String, JsonElement> operator :
                        value.getAsJsonObject().entrySet()) {
                    all = and(all, compare(cell, operator.getKey(), operator.getValue()));
                }
                return all;
            }
        }
    }

    private static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : Boolean.TRUE;
    }

    private static Boolean compare(JsonElement cell, String operator, JsonElement value) {
        boolean isNull = cell == null || cell.isJsonNull();
        switch (operator) {
            case "is" -> {
                return value.isJsonNull() ? isNull : !isNull && cell.getAsBoolean() == value.getAsBoolean();
            }
            case "in", "nin" -> {
                JsonArray values = value.getAsJsonArray();
                if (values.isEmpty()) {
                    return operator.equals("nin");
                }
                if (isNull) {
                    return null;
                }
                boolean found = false;
                for (JsonElement item : values) {
                    found |= order(cell, item) == 0;
                }
                return operator.equals("in") == found;
            }
            default -> {}
        }
        if (isNull) {
            return null;
        }
        return switch (operator) {
            case "eq" -> order(cell, value) == 0;
            case "ne" -> order(cell, value) != 0;
            case "gt" -> order(cell, value) > 0;
            case "gte" -> order(cell, value) >= 0;
            case "lt" -> order(cell, value) < 0;
            case "lte" -> order(cell, value) <= 0;
            case "like" -> like(cell.getAsString(), value.getAsString());
            case "ilike" -> like(lower(cell.getAsString()), lower(value.getAsString()));
            default -> throw new IllegalArgumentException(operator);
        };
    }

    private static int order(JsonElement cell, JsonElement value) {
        if (cell.getAsJsonPrimitive().isNumber()) {
            return new BigDecimal(cell.getAsString()).compareTo(new BigDecimal(value.getAsString()));
        }
        if (cell.getAsJsonPrimitive().isBoolean()) {
            return Boolean.compare(cell.getAsBoolean(), value.getAsBoolean());
        }
        return cell.getAsString().compareTo(value.getAsString()); // the generated text is all in the BMP
    }

    private static boolean like(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        pattern.codePoints()
                .forEach(point -> regex.append(
                        point == '%'
                                ? ".*"
                                : point == '_' ? "." : Pattern.quote(new String(Character.toChars(point)))));
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
    }

    private static String lower(String text) {
        StringBuilder folded = new StringBuilder();
        text.codePoints().forEach(point -> folded.appendCodePoint(Character.toLowerCase(point)));
        return folded.toString();
    }
}
