package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
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
 * {@code GET /t}'s query parameters → the parts of a FETCH body. {@code limit}, {@code offset},
 * {@code orderby} and {@code where} (JSON) are the FETCH keys; every other {@code col=value} is an
 * equality filter and {@code col[op]=value} applies an operator ({@code id[in]=1,2,3}).
 */
final class QueryParams {
    private static final Pattern OPERATOR = Pattern.compile("^(.+)\\[([a-z]+)]$");

    private final Table table;
    private final JsonObject filters = new JsonObject();
    private final JsonObject keys = new JsonObject();

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
            throw BadRequestException.invalidBody("query parameter '" + name + "' is given " + values.size() + " times");
        }
        String value = values.get(0);
        switch (name) {
            case "limit", "offset" -> keys.add(name, number(name, value));
            case "orderby", "etag" -> keys.add(name, new JsonPrimitive(value));
            case "where" -> keys.add(name, StrictJson.parse(value, "query parameter 'where'"));
            default -> {
                Matcher operator = OPERATOR.matcher(name);
                String column = operator.matches() ? operator.group(1) : name;
                String op = operator.matches() ? operator.group(2) : "eq";
                JsonObject condition = filters.has(column) ? filters.getAsJsonObject(column) : new JsonObject();
                condition.add(op, new JsonPrimitive(value));
                filters.add(column, condition);
            }
        }
    }

    private static JsonElement number(String name, String value) {
        try {
            return new JsonPrimitive(new BigDecimal(value));
        } catch (NumberFormatException e) {
            throw BadRequestException.invalidLimit("'" + name + "' must be a non-negative integer, got '" + value + "'");
        }
    }

    /** The {@code where} of the parameters: the filters ANDed with the JSON {@code where}. */
    Where where() {
        Where text = filters.isEmpty() ? Where.ALL : WhereParser.parseText(table, filters);
        return text.and(WhereParser.parse(table, keys.has("where") ? keys.get("where") : JsonNull.INSTANCE));
    }

    JsonElement key(String name) {
        return keys.has(name) ? keys.get(name) : JsonNull.INSTANCE;
    }
}
