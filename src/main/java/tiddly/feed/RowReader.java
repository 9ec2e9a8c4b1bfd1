package tiddly.feed;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.query.JsonText;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

/**
 * A row as the outbox stores it (JSON) → the values a query would have read, typed by the table's
 * columns: Long, Double, BigDecimal, Boolean, String, byte[], List and {@link JsonText}, so that
 * filters compare them as the database does and events show them as responses do.
 */
final class RowReader {
    private RowReader() {}

    static Map<String, Object> read(String json, Table table) {
        JsonObject object = JsonParser.parseString(json).getAsJsonObject();
        Map<String, Object> row = new LinkedHashMap<>(object.size() * 2);
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            Optional<ColumnType> type = table.column(entry.getKey()).map(Column::type);
            row.put(entry.getKey(), value(entry.getValue(), type.orElse(ColumnType.ANY)));
        }
        return row;
    }

    private static Object value(JsonElement element, ColumnType type) {
        if (element.isJsonNull()) {
            return null;
        }
        if (type == ColumnType.JSON) {
            return new JsonText(element.toString());
        }
        if (element.isJsonArray()) {
            List<Object> items = new ArrayList<>();
            element.getAsJsonArray().forEach(item -> items.add(value(item, ColumnType.ANY)));
            return items;
        }
        if (!element.isJsonPrimitive()) {
            return new JsonText(element.toString());
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isNumber()) {
            String text = primitive.getAsString();
            return switch (type) {
                case REAL -> primitive.getAsDouble();
                case NUMERIC, DECIMAL -> primitive.getAsBigDecimal();
                default -> whole(text) ? (Object) Long.parseLong(text) : (Object) primitive.getAsDouble();
            };
        }
        String text = primitive.getAsString();
        return type == ColumnType.BLOB ? Base64.getDecoder().decode(text) : text;
    }

    /** Written as an integer that fits a long: what the row held as one. */
    private static boolean whole(String number) {
        int digits = number.startsWith("-") ? 1 : 0;
        if (number.length() == digits || number.length() > 19 + digits) {
            return false;
        }
        for (int i = digits; i < number.length(); i++) {
            if (number.charAt(i) < '0' || number.charAt(i) > '9') {
                return false; // a fraction or an exponent (not a regex: one is compiled per call)
            }
        }
        try {
            Long.parseLong(number);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
