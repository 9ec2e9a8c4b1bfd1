package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tiddly.query.Selected;
import tiddly.query.Where;
import tiddly.query.Where.Operator;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

/**
 * Filters inside JSON columns: {@code {"meta": {"path": ["dims", "w"], "gt": 10}}} and {@code
 * {"tags": {"contains": "sf"}}}. {@code path} is a key no column operator has, so it cannot be
 * taken for a column or a relation; its items are object keys (strings) and array positions.
 */
final class JsonPaths {
    static final int MAX_PATH = 16;
    /** Keys are bound, but inside a JSON path text, where a quote or backslash would end them. */
    private static final Pattern KEY = Pattern.compile("[^\"\\\\\\p{Cntrl}]{1,200}");

    private JsonPaths() {}

    static boolean isJson(Column column) {
        return column.type() == ColumnType.JSON
                || column.declaredType().toUpperCase(Locale.ROOT).contains("JSON");
    }

    /** {@code {"path": [...], "op": value, ...}}: each operator on the value at the path, ANDed. */
    static Where where(Column column, JsonObject object) {
        if (!isJson(column)) {
            throw BadRequestException.invalidBody(
                    "'path' filters inside JSON; column '" + column.name() + "' is not JSON");
        }
        List<Object> path = path(column, object.get("path"));
        List<Where> parts = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            if (!entry.getKey().equals("path")) {
                parts.add(operator(column, path, entry.getKey(), entry.getValue()));
            }
        }
        if (parts.isEmpty()) {
            throw BadRequestException.invalidBody("'path' on column '" + column.name()
                    + "' needs an operator too, like {\"path\": [\"dims\", \"w\"], \"gt\": 10}");
        }
        return parts.size() == 1 ? parts.get(0) : new Where.And(parts);
    }

    static Where operator(Column column, List<Object> path, String name, JsonElement value) {
        switch (name) {
            case "eq", "ne", "gt", "gte", "lt", "lte" -> {
                Operator operator = Operator.valueOf(name.toUpperCase(Locale.ROOT));
                if (value.isJsonNull() && (operator == Operator.EQ || operator == Operator.NE)) {
                    Where missing = new Where.JsonCompare(column, path, Operator.EQ, null);
                    return operator == Operator.EQ ? missing : new Where.Not(missing);
                }
                Object scalar = scalar(column, name, value);
                if (scalar instanceof Boolean && operator != Operator.EQ && operator != Operator.NE) {
                    throw BadRequestException.invalidBody(
                            "operator '" + name + "' inside JSON compares numbers or strings, not booleans");
                }
                return new Where.JsonCompare(column, path, operator, scalar);
            }
            case "is" -> {
                if (!value.isJsonNull()) {
                    throw BadRequestException.invalidBody("operator 'is' inside JSON takes null: missing or JSON null");
                }
                return new Where.JsonCompare(column, path, Operator.EQ, null);
            }
            case "contains" -> {
                return contains(column, path, value);
            }
            default -> throw BadRequestException.unknownOperator(name, column.name());
        }
    }

    /** {@code {"contains": "sf"}}, {@code ["sf", "space"]} or {@code {"color": "red"}}: one level of scalars. */
    static Where contains(Column column, List<Object> path, JsonElement value) {
        if (!isJson(column)) {
            throw BadRequestException.invalidBody(
                    "operator 'contains' works on JSON; column '" + column.name() + "' is not JSON");
        }
        boolean flat = value.isJsonPrimitive();
        if (value.isJsonArray()) {
            flat = value.getAsJsonArray().asList().stream().allMatch(JsonElement::isJsonPrimitive);
        } else if (value.isJsonObject()) {
            flat = value.getAsJsonObject().asMap().values().stream().allMatch(JsonElement::isJsonPrimitive)
                    && value.getAsJsonObject().keySet().stream()
                            .allMatch(key -> KEY.matcher(key).matches());
        }
        if (!flat || value.isJsonNull()) {
            throw BadRequestException.invalidBody(
                    "operator 'contains' takes a string, number or boolean, or an array" + " or object of them");
        }
        List<JsonElement> scalars = value.isJsonArray()
                ? value.getAsJsonArray().asList()
                : value.isJsonObject()
                        ? List.copyOf(value.getAsJsonObject().asMap().values())
                        : List.of(value);
        if (scalars.isEmpty()) {
            // SQLite's test would be an empty AND; the three databases disagree on what [] contains
            throw BadRequestException.invalidBody("operator 'contains' needs at least one element or member");
        }
        for (JsonElement scalar : scalars) {
            if (scalar.isJsonPrimitive() && scalar.getAsJsonPrimitive().isNumber()) {
                number(column, scalar.getAsJsonPrimitive()); // refuses what a double cannot hold
            }
        }
        return new Where.JsonContains(column, path, value.toString());
    }

    static List<Object> path(Column column, JsonElement json) {
        if (json == null || !json.isJsonArray() || json.getAsJsonArray().size() > MAX_PATH) {
            throw BadRequestException.invalidBody("'path' on column '" + column.name() + "' takes an array of at most "
                    + MAX_PATH + " keys and positions, like [\"dims\", \"w\"] or [\"tags\", 0]");
        }
        List<Object> path = new ArrayList<>();
        for (JsonElement item : json.getAsJsonArray()) {
            if (item.isJsonPrimitive()
                    && item.getAsJsonPrimitive().isString()
                    && KEY.matcher(item.getAsString()).matches()) {
                path.add(item.getAsString());
            } else if (item.isJsonPrimitive()
                    && item.getAsJsonPrimitive().isNumber()
                    && item.getAsBigDecimal().signum() >= 0
                    && item.getAsBigDecimal().stripTrailingZeros().scale() <= 0
                    && item.getAsBigDecimal().compareTo(BigDecimal.valueOf(1_000_000)) < 0) {
                path.add(item.getAsInt());
            } else {
                throw BadRequestException.invalidBody("'path' on column '" + column.name() + "' got " + item
                        + "; keys are strings of 1 to 200 characters without quotes or backslashes, positions"
                        + " whole numbers from 0");
            }
        }
        return path;
    }

    /** A string, a number (Long when whole, else Double: SQLite compares those with JSON numbers) or a boolean. */
    private static Object scalar(Column column, String operator, JsonElement value) {
        if (!value.isJsonPrimitive()) {
            throw BadRequestException.invalidBody(
                    "operator '" + operator + "' inside JSON column '" + column.name() + "' takes a single value");
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isString()) {
            return primitive.getAsString();
        }
        return number(column, primitive);
    }

    /**
     * A number of a filter inside JSON: a Long when whole, else the Double the databases compare
     * JSON numbers as. One a double cannot hold is refused, as in a column filter, rather than
     * matching nothing: beyond about ±1.8e308 (infinite) or, not zero, closer to 0 than about
     * 4.9e-324 (it would become 0).
     */
    static Object number(Column column, JsonPrimitive primitive) {
        BigDecimal number = primitive.getAsBigDecimal();
        if (number.precision() - number.scale() <= 19) { // cheap for 1e999999999, which is no long
            try {
                return number.longValueExact();
            } catch (ArithmeticException notWholeOrTooLarge) {
                // a double, below
            }
        }
        double real = number.doubleValue();
        if (Double.isInfinite(real) || real == 0 && number.signum() != 0) {
            throw BadRequestException.invalidValue(
                    column.name(),
                    "is out of range inside JSON: " + shown(primitive.toString())
                            + "; numbers in a filter must fit a double (at most about 1.8e308 either side of 0,"
                            + " and 0 or at least about 4.9e-324 away from it)");
        }
        return real;
    }

    private static String shown(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** {@code {"path": ["dims", "w"], "of": "meta", "as": "width"}} in select: the JSON there. */
    static Selected.JsonPath select(Table table, JsonObject object) {
        for (String key : object.keySet()) {
            if (!key.equals("path") && !key.equals("of") && !key.equals("as")) {
                throw BadRequestException.invalidBody(
                        "unknown key '" + key + "' in a select path; expected path, of and as");
            }
        }
        JsonElement of = object.get("of");
        if (of == null || !of.isJsonPrimitive() || !of.getAsJsonPrimitive().isString()) {
            throw BadRequestException.invalidBody("a select path needs 'of', the JSON column, like"
                    + " {\"path\": [\"dims\", \"w\"], \"of\": \"meta\", \"as\": \"width\"}");
        }
        Column column = Columns.readable(table, of.getAsString(), "select");
        if (!isJson(column)) {
            throw BadRequestException.invalidBody(
                    "'path' reads inside JSON; column '" + column.name() + "' is not JSON");
        }
        List<Object> path = path(column, object.get("path"));
        JsonElement as = object.get("as");
        StringBuilder name = new StringBuilder(column.name());
        path.forEach(item -> name.append('_').append(item));
        String alias = as != null && as.isJsonPrimitive() ? as.getAsString() : name.toString();
        if (!Pattern.matches("[A-Za-z_][A-Za-z0-9_]{0,62}", alias)) {
            throw BadRequestException.invalidBody("alias '" + alias + "' must be letters, digits and _,"
                    + " starting with a letter or _; name it with \"as\"");
        }
        return new Selected.JsonPath(column, path, alias);
    }
}
