package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tiddly.query.Selected;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

/**
 * {@code select} and {@code groupby}: {@code ["category", {"count": "*"}, {"avg": "price", "as":
 * "avg_price"}]}. Function names are a closed set and aliases a plain identifier, so nothing of
 * these objects reaches SQL but schema names and Tiddly's own words.
 */
final class SelectParser {
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Set<ColumnType> NUMERIC = Set.of(
            ColumnType.INTEGER,
            ColumnType.REAL,
            ColumnType.NUMERIC,
            ColumnType.DECIMAL,
            ColumnType.BOOLEAN,
            ColumnType.ANY);

    private SelectParser() {}

    static List<Selected> select(Table table, JsonElement json) {
        List<Selected> items = new ArrayList<>();
        for (JsonElement item : list(json, "select", Limits.SELECT, "items")) {
            if (item.isJsonPrimitive()
                    && item.getAsString().equals(Selected.Rank.NAME)
                    && table.column(Selected.Rank.NAME).isEmpty()) {
                items.add(new Selected.Rank());
            } else if (item.isJsonPrimitive() && item.getAsJsonPrimitive().isString()) {
                items.add(new Selected.Field(Columns.readable(table, item.getAsString(), "select")));
            } else if (item.isJsonObject() && item.getAsJsonObject().has("path")) {
                items.add(JsonPaths.select(table, item.getAsJsonObject()));
            } else if (item.isJsonObject() && item.getAsJsonObject().has("snippet")) {
                items.add(Snippets.parse(table, item.getAsJsonObject()));
            } else if (item.isJsonObject()) {
                items.add(aggregate(table, item.getAsJsonObject()));
            } else {
                throw BadRequestException.invalidBody("'select' takes column names and aggregate objects, got " + item);
            }
        }
        Set<String> names = new HashSet<>();
        for (Selected item : items) {
            if (!names.add(item.name())) {
                throw BadRequestException.invalidBody("'select' names '" + item.name() + "' twice");
            }
        }
        return items;
    }

    static List<Selected.Field> groupBy(Table table, JsonElement json) {
        List<Selected.Field> fields = new ArrayList<>();
        for (JsonElement item : list(json, "groupby", Limits.GROUPBY, "columns")) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw BadRequestException.invalidBody("'groupby' takes column names, got " + item);
            }
            fields.add(new Selected.Field(Columns.readable(table, item.getAsString(), "groupby")));
        }
        return fields;
    }

    /** What {@code having} and {@code orderby} of a grouped query may name: group columns and aliases. */
    static Table outputs(Table table, List<Selected> select, List<Selected.Field> groupBy) {
        List<Column> columns = new ArrayList<>();
        groupBy.forEach(field -> columns.add(field.column()));
        for (Selected item : select) {
            if (item instanceof Selected.Aggregate aggregate) {
                columns.add(Column.derived(aggregate.alias(), aggregate.type()));
            }
        }
        return new Table(table.name(), table.view(), columns, List.of(), List.of(), List.of(), table.writable());
    }

    private static Selected.Aggregate aggregate(Table table, JsonObject object) {
        String alias = null;
        Selected.Function function = null;
        String target = null;
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            String key = entry.getKey();
            JsonElement value = entry.getValue();
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw BadRequestException.invalidBody("'" + key + "' in select takes a string, got " + value);
            }
            if (key.equals("as")) {
                alias = value.getAsString();
            } else if (function == null
                    && Set.of("count", "sum", "avg", "min", "max").contains(key)) {
                function = Selected.Function.valueOf(key.toUpperCase(Locale.ROOT));
                target = value.getAsString();
            } else {
                throw BadRequestException.invalidBody("unknown key '" + key + "' in a select object;"
                        + " expected one of count, sum, avg, min, max, and optionally as");
            }
        }
        if (function == null) {
            throw BadRequestException.invalidBody("a select object needs one of count, sum, avg, min, max");
        }
        String name = function.name().toLowerCase(Locale.ROOT);
        Optional<Column> column = target.equals("*") && function == Selected.Function.COUNT
                ? Optional.empty()
                : Optional.of(Columns.readable(table, target, "select"));
        if (column.isPresent()
                && (function == Selected.Function.SUM || function == Selected.Function.AVG)
                && !NUMERIC.contains(column.get().type())) {
            throw BadRequestException.invalidBody(name + " needs a numeric column; '" + target + "' holds "
                    + column.get().type().name().toLowerCase(Locale.ROOT));
        }
        String output =
                alias != null ? alias : column.map(c -> name + "_" + c.name()).orElse(name);
        if (!ALIAS.matcher(output).matches()) {
            throw BadRequestException.invalidBody("alias '" + output + "' must be letters, digits and _,"
                    + " starting with a letter or _; name it with \"as\"");
        }
        return new Selected.Aggregate(function, column, output);
    }

    /** A JSON array, or a comma-separated string ("id,name"), or nothing; at most {@code max} {@code items}. */
    private static List<JsonElement> list(JsonElement json, String key, int max, String things) {
        List<JsonElement> items = new ArrayList<>();
        if (json.isJsonNull()) {
            return items;
        }
        if (json.isJsonArray()) {
            json.getAsJsonArray().forEach(items::add);
        } else if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
            for (String name : json.getAsString().split(",")) {
                items.add(new JsonPrimitive(name.strip()));
            }
        } else {
            throw BadRequestException.invalidBody("'" + key + "' must be an array or a comma-separated string");
        }
        if (items.size() > max) {
            throw BadRequestException.tooComplex(
                    "'" + key + "' has " + items.size() + " " + things + "; at most " + max + " are allowed");
        }
        return items;
    }
}
