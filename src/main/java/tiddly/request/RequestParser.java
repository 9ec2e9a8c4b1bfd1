package tiddly.request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tiddly.query.Delete;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.Page;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * Untrusted request → {@link Query}: the table, every column name and every value are checked
 * against the schema here, so that later stages only see names the database really has.
 */
public final class RequestParser {
    private static final Set<String> FETCH_KEYS = Set.of("where", "orderby", "limit", "offset");

    private final Schema schema;
    private final long maxLimit;

    /** @param maxLimit rows a query returns at most, and the largest limit a client may ask for */
    public RequestParser(Schema schema, long maxLimit) {
        this.schema = schema;
        this.maxLimit = maxLimit;
    }

    public Query parse(Call call) {
        Table table = schema.require(call.table());
        if (table.view() && !call.verb().equals("GET") && !call.verb().equals("FETCH")) {
            throw new MethodNotAllowedException("read_only_table",
                    "'" + table.name() + "' is a view: it can be read with GET and FETCH but not written", "GET, FETCH, OPTIONS");
        }
        boolean byKey = call.key().isPresent();
        return switch (call.verb()) {
            case "GET" -> byKey ? lookup(table, keyWhere(table, call.key().get())) : list(table, call.params());
            case "FETCH" -> fetch(table, body(call.body()));
            case "POST" -> insert(table, body(call.body()));
            case "PUT" -> byKey ? update(table, call.key().get(), body(call.body())) : updateByBodyKey(table, body(call.body()));
            case "DELETE" -> byKey
                    ? new Delete(table, keyWhere(table, call.key().get()), true)
                    : deleteWhere(table, body(call.body()));
            default -> throw new IllegalArgumentException("the http stage routes no " + call.verb() + " here");
        };
    }

    private Fetch lookup(Table table, Where where) {
        return new Fetch(table, where, List.of(), new Page(1, 0), true);
    }

    private Fetch list(Table table, Map<String, List<String>> params) {
        QueryParams query = QueryParams.parse(table, params);
        return new Fetch(
                table,
                query.where(),
                OrderByParser.parse(table, query.key("orderby")),
                page(query.key("limit"), query.key("offset")),
                false);
    }

    private Fetch fetch(Table table, JsonElement body) {
        JsonObject object = body.isJsonNull() ? new JsonObject() : object(body, "the FETCH body");
        for (String key : object.keySet()) {
            if (!FETCH_KEYS.contains(key)) {
                throw BadRequestException.invalidBody(
                        "unknown key '" + key + "' in the FETCH body; expected where, orderby, limit or offset");
            }
        }
        return new Fetch(
                table,
                WhereParser.parse(table, member(object, "where")),
                OrderByParser.parse(table, member(object, "orderby")),
                page(member(object, "limit"), member(object, "offset")),
                false);
    }

    private Insert insert(Table table, JsonElement body) {
        Map<String, String> problems = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        if (body.isJsonArray()) {
            JsonArray array = body.getAsJsonArray();
            if (array.isEmpty()) {
                throw BadRequestException.invalidBody("nothing to insert: the array is empty");
            }
            for (int i = 0; i < array.size(); i++) {
                rows.add(RowParser.parse(table, object(array.get(i), "each element of the array"), true, i + ".", problems));
            }
        } else {
            rows.add(RowParser.parse(table, object(body, "the POST body"), true, "", problems));
        }
        throwIfAny(problems);
        return new Insert(table, rows, !body.isJsonArray());
    }

    private Update update(Table table, String key, JsonElement body) {
        Map<String, String> problems = new LinkedHashMap<>();
        Where where = keyWhere(table, key);
        Row row = RowParser.parse(table, object(body, "the PUT body"), false, "", problems);
        throwIfAny(problems);
        Column keyColumn = table.singleKey().orElseThrow();
        Object keyValue = ((Where.Compare) where).value();
        if (row.values().containsKey(keyColumn) && !keyValue.equals(row.values().get(keyColumn))) {
            throw BadRequestException.invalidKey("the body's '" + keyColumn.name() + "' differs from the key in the URL;"
                    + " a row's key cannot be changed with PUT");
        }
        return new Update(table, where, withoutKey(table, row));
    }

    private Update updateByBodyKey(Table table, JsonElement body) {
        JsonObject object = object(body, "the PUT body");
        if (table.primaryKey().isEmpty()) {
            throw BadRequestException.invalidKey("table '" + table.name() + "' has no primary key to update by");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        Row row = RowParser.parse(table, object, false, "", problems);
        throwIfAny(problems);
        List<Where> keyParts = new ArrayList<>();
        for (Column key : table.primaryKey()) {
            Object value = row.values().get(key);
            if (value == null) {
                throw BadRequestException.invalidKey("PUT /" + table.name() + " needs the primary key '" + key.name()
                        + "' in the body, or use PUT /" + table.name() + "/<key>");
            }
            keyParts.add(new Where.Compare(key, Where.Operator.EQ, value));
        }
        Where where = keyParts.size() == 1 ? keyParts.get(0) : new Where.And(keyParts);
        return new Update(table, where, withoutKey(table, row));
    }

    private static Row withoutKey(Table table, Row row) {
        Map<Column, Object> values = new LinkedHashMap<>(row.values());
        table.primaryKey().forEach(values::remove);
        if (values.isEmpty()) {
            throw BadRequestException.invalidBody("nothing to update: the body names no column besides the key");
        }
        return new Row(values);
    }

    private Delete deleteWhere(Table table, JsonElement body) {
        JsonObject object = body.isJsonNull() ? new JsonObject() : object(body, "the DELETE body");
        for (String key : object.keySet()) {
            if (!key.equals("where")) {
                throw BadRequestException.invalidBody("unknown key '" + key + "' in the DELETE body; expected where");
            }
        }
        Where where = WhereParser.parse(table, member(object, "where"));
        if (where.equals(Where.ALL)) {
            throw BadRequestException.whereRequired("DELETE /" + table.name() + " needs a non-empty 'where' in the body;"
                    + " to delete one row use DELETE /" + table.name() + "/<key>");
        }
        return new Delete(table, where, false);
    }

    /** {@code key = k} for the table's single key column, with k converted from URL text. */
    private static Where keyWhere(Table table, String key) {
        Column column = table.singleKey().orElseThrow(() -> BadRequestException.invalidKey(table.primaryKey().isEmpty()
                ? "table '" + table.name() + "' has no primary key; select its rows with FETCH and a where"
                : "table '" + table.name() + "' has a composite primary key; select its rows with FETCH and a where"));
        try {
            return new Where.Compare(column, Where.Operator.EQ, Values.fromText(column, key));
        } catch (Values.Problem problem) {
            throw BadRequestException.invalidValue(column.name(), problem.getMessage());
        }
    }

    private Page page(JsonElement limit, JsonElement offset) {
        long rows = limit.isJsonNull() ? maxLimit : count("limit", limit);
        if (rows > maxLimit) {
            throw BadRequestException.invalidLimit("'limit' " + rows + " is above the maximum of " + maxLimit);
        }
        return new Page(rows, offset.isJsonNull() ? 0 : count("offset", offset));
    }

    private static long count(String name, JsonElement json) {
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber()) {
            BigDecimal number = json.getAsBigDecimal();
            if (number.signum() >= 0 && number.precision() - number.scale() <= 18) {
                try {
                    return number.longValueExact();
                } catch (ArithmeticException notWhole) {
                    // falls through to the error below
                }
            }
        }
        throw BadRequestException.invalidLimit("'" + name + "' must be a non-negative integer, got " + json);
    }

    /** The body as JSON: empty is JSON null; a JSON string holding JSON (double-encoded) is unwrapped once. */
    private static JsonElement body(String text) {
        if (text.isBlank()) {
            return JsonNull.INSTANCE;
        }
        JsonElement json = StrictJson.parse(text);
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
            return StrictJson.parse(json.getAsString());
        }
        return json;
    }

    private static JsonObject object(JsonElement json, String what) {
        if (!json.isJsonObject()) {
            throw BadRequestException.invalidBody(what + " must be a JSON object" + (json.isJsonNull() ? ", not empty" : ""));
        }
        return json.getAsJsonObject();
    }

    private static JsonElement member(JsonObject object, String key) {
        return object.has(key) ? object.get(key) : JsonNull.INSTANCE;
    }

    private static void throwIfAny(Map<String, String> problems) {
        if (!problems.isEmpty()) {
            throw BadRequestException.invalidRow(problems);
        }
    }
}
