package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tiddly.query.Where;
import tiddly.schema.Table;

/**
 * {@code GET /t}'s query parameters → a FETCH body plus filters. A parameter named like a FETCH key
 * is that key: JSON when it starts with [ or { ({@code where={"id":1}}), else plain text
 * ({@code limit=10}, {@code select=id,name}, {@code count=true}). Any other {@code col=value} is an
 * equality filter and {@code col[op]=value} applies an operator ({@code id[in]=1,2,3}).
 */
final class QueryParams {
    private static final Pattern OPERATOR = Pattern.compile("^(.+)\\[([a-z]+)]$");

    private final Table table;
    private final JsonObject filters = new JsonObject();
    private final JsonObject body = new JsonObject();

    private QueryParams(Table table) {
        this.table = table;
    }

    static QueryParams parse(Table table, Map<String, List<String>> params) {
        QueryParams query = new QueryParams(table);
        params.forEach(query::add);
        return query;
    }

    private void add(String name, List<String> values) {
        if (values.size() != 1) {
            throw BadRequestException.invalidBody(
                    "query parameter '" + name + "' is given " + values.size() + " times");
        }
        String value = values.get(0);
        if (ReadParser.FETCH_KEYS.contains(name)) {
            body.add(name, key(name, value));
            return;
        }
        Matcher operator = OPERATOR.matcher(name);
        String column = operator.matches() ? operator.group(1) : name;
        String op = operator.matches() ? operator.group(2) : "eq";
        JsonObject condition = filters.has(column) ? filters.getAsJsonObject(column) : new JsonObject();
        if (condition.has(op)) {
            throw BadRequestException.invalidBody(
                    "query parameters give column '" + column + "' the operator '" + op + "' twice");
        }
        condition.add(op, new JsonPrimitive(value));
        filters.add(column, condition);
    }

    private static JsonElement key(String name, String value) {
        if (value.startsWith("[") || value.startsWith("{")) {
            return StrictJson.parse(value, "query parameter '" + name + "'");
        }
        switch (name) {
            case "limit", "offset" -> {
                try {
                    return new JsonPrimitive(new BigDecimal(value));
                } catch (NumberFormatException e) {
                    throw BadRequestException.invalidLimit(
                            "'" + name + "' must be a non-negative integer, got '" + value + "'");
                }
            }
            case "count", "distinct", "etag" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw BadRequestException.invalidBody("'" + name + "' must be true or false, got '" + value + "'");
                }
                return new JsonPrimitive(Boolean.parseBoolean(value));
            }
            case "where", "having" -> {
                return StrictJson.parse(value, "query parameter '" + name + "'");
            }
            default -> {
                return new JsonPrimitive(value);
            }
        }
    }

    /** The FETCH keys the parameters gave. */
    JsonObject body() {
        return body;
    }

    /** The column filters, ANDed. */
    Where filters() {
        return filters.isEmpty() ? Where.ALL : WhereParser.parseText(table, filters);
    }
}
