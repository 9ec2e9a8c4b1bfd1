package tiddly.request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tiddly.query.Relation;
import tiddly.query.Where;
import tiddly.query.Where.Operator;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

/**
 * The {@code where} language → {@link Where}. {@code {"col": value}} is equality, {@code
 * {"col": null}} IS NULL, {@code {"col": {"op": value}}} an operator, {@code and/or/not} combine;
 * the keys of one object are ANDed. In text mode (query parameters) scalar values arrive as
 * strings and are converted from text by the column's type. A client's where is bounded by
 * {@link Limits}: its depth, conditions, values, has filters and pattern lengths.
 */
final class WhereParser {
    /**
     * The types like and ilike match, as text: their text form is the same on every database
     * ({@code 42}, {@code 2024-05-01}); a real's, a decimal's or a boolean's is not (3.0 or 3,
     * 1.50 or 1.5, 1 or true).
     */
    private static final Set<ColumnType> LIKE_TYPES =
            Set.of(ColumnType.TEXT, ColumnType.ANY, ColumnType.INTEGER, ColumnType.DATE);

    private final boolean textValues;
    private final String name;
    private final Optional<Relations> relations;
    /** False for permission rules, which are the operator's, not a client's. */
    private final boolean bounded;

    private int depth;
    private int conditions;
    private int values;
    private int has;

    private WhereParser(boolean textValues, Optional<Relations> relations) {
        this(textValues, relations, "where", true);
    }

    private WhereParser(boolean textValues, Optional<Relations> relations, String name, boolean bounded) {
        this.textValues = textValues;
        this.relations = relations;
        this.name = name;
        this.bounded = bounded;
    }

    /** For {@code having}, over a grouped query's output columns. */
    static Where parseHaving(Table outputs, JsonElement json) {
        return new WhereParser(false, Optional.empty(), "having", true).where(outputs, json);
    }

    /** For JSON bodies, without relations. */
    static Where parse(Table table, JsonElement json) {
        return new WhereParser(false, Optional.empty()).where(table, json);
    }

    /** For JSON bodies, where {@code {"other_table": {"has": W}}} filters across a relation. */
    static Where parse(Table table, JsonElement json, Relations relations) {
        return new WhereParser(false, Optional.of(relations)).where(table, json);
    }

    /** For permission rules: text values, converted by column type, and relations for has. */
    static Where parseRule(Table table, JsonElement json, Relations relations) {
        return new WhereParser(true, Optional.of(relations), "where", false).where(table, json);
    }

    /** For query parameters, whose values are all strings. */
    static Where parseText(Table table, JsonObject json) {
        return new WhereParser(true, Optional.empty()).where(table, json);
    }

    private Where where(Table table, JsonElement json) {
        if (json.isJsonNull()) {
            return Where.ALL;
        }
        if (!json.isJsonObject()) {
            throw BadRequestException.invalidBody("'" + name + "' must be an object, like {\"id\": 1}");
        }
        if (++depth > Limits.WHERE_DEPTH) {
            throw BadRequestException.tooComplex(
                    "'" + name + "' is nested deeper than " + Limits.WHERE_DEPTH + " levels");
        }
        if (json.getAsJsonObject().isEmpty()) {
            count(1, 0); // matches every row, but still a term of the SQL
        }
        List<Where> parts = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : json.getAsJsonObject().entrySet()) {
            parts.add(part(table, entry.getKey(), entry.getValue()));
        }
        depth--;
        return parts.size() == 1 ? parts.get(0) : new Where.And(parts);
    }

    private Where part(Table table, String key, JsonElement value) {
        switch (key) {
            case "and", "or" -> {
                if (!value.isJsonArray() || value.getAsJsonArray().isEmpty()) {
                    throw BadRequestException.invalidBody("'" + key + "' takes a non-empty array of conditions");
                }
                List<Where> parts = new ArrayList<>();
                for (JsonElement element : value.getAsJsonArray()) {
                    if (!element.isJsonObject()) {
                        throw BadRequestException.invalidBody("'" + key + "' takes an array of objects");
                    }
                    parts.add(where(table, element));
                }
                return key.equals("and") ? new Where.And(parts) : new Where.Or(parts);
            }
            case "not" -> {
                if (!value.isJsonObject()) {
                    throw BadRequestException.invalidBody("'not' takes an object");
                }
                return new Where.Not(where(table, value));
            }
            default -> {
                if (table.column(key).isEmpty() && relations.isPresent() && isHas(value)) {
                    Relation relation = relations.get().require(table, key, name);
                    count(1, 0);
                    if (++has > Limits.HAS && bounded) {
                        throw BadRequestException.tooComplex(
                                "'" + name + "' uses 'has' more than " + Limits.HAS + " times");
                    }
                    return new Where.Has(
                            relation,
                            where(relation.other(), value.getAsJsonObject().get("has")));
                }
                if (key.equals("search") && table.column(key).isEmpty()) {
                    return search(table, value);
                }
                return column(table, Columns.readable(table, key, name), value);
            }
        }
    }

    /** {@code {"search": {"columns": ["title", "body"], "query": "dune"}}}: one search over several columns. */
    private Where search(Table table, JsonElement value) {
        if (!value.isJsonObject()) {
            throw BadRequestException.invalidSearch(
                    "'search' takes an object, like {\"columns\": [\"title\", \"body\"], \"query\": \"dune\"}");
        }
        JsonObject object = value.getAsJsonObject();
        for (String key : object.keySet()) {
            if (!key.equals("columns") && !key.equals("query")) {
                throw BadRequestException.invalidSearch(
                        "unknown key '" + key + "' in 'search'; expected columns and query");
            }
        }
        JsonElement names = object.get("columns");
        JsonElement query = object.get("query");
        if (names == null || !names.isJsonArray() || names.getAsJsonArray().isEmpty()) {
            throw BadRequestException.invalidSearch("'search' needs 'columns', a non-empty array of column names");
        }
        if (query == null
                || !query.isJsonPrimitive()
                || !query.getAsJsonPrimitive().isString()) {
            throw BadRequestException.invalidSearch("'search' needs 'query', a string");
        }
        List<Column> columns = new ArrayList<>();
        for (JsonElement element : names.getAsJsonArray()) {
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
                throw BadRequestException.invalidSearch("'columns' of 'search' takes column names, got " + element);
            }
            Column column = Columns.readable(table, element.getAsString(), name);
            if (columns.contains(column)) {
                throw BadRequestException.invalidSearch("'columns' of 'search' names '" + column.name() + "' twice");
            }
            columns.add(column);
        }
        return Searches.where(table, columns, query.getAsString());
    }

    private static boolean isHas(JsonElement value) {
        return value.isJsonObject()
                && value.getAsJsonObject().size() == 1
                && value.getAsJsonObject().has("has");
    }

    private Where column(Table table, Column column, JsonElement value) {
        if (value.isJsonNull()) {
            count(1, 0);
            return new Where.Is(column, Where.Literal.NULL);
        }
        if (value.isJsonArray()) {
            throw BadRequestException.invalidBody("column '" + column.name() + "' in " + name
                    + " got an array; use {\"in\": [...]} to match any of several values");
        }
        if (value.isJsonPrimitive()) {
            count(1, 1);
            return new Where.Compare(column, Operator.EQ, convert(column, comparable(column, "eq", value)));
        }
        JsonObject operators = value.getAsJsonObject();
        if (operators.has("path")) {
            operators.entrySet().stream()
                    .filter(entry -> !entry.getKey().equals("path"))
                    .forEach(entry -> count(1, jsonValues(entry.getKey(), entry.getValue())));
            return JsonPaths.where(column, operators);
        }
        if (operators.isEmpty()) {
            throw BadRequestException.invalidBody(
                    "column '" + column.name() + "' in " + name + " has an empty operator object");
        }
        List<Where> parts = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : operators.entrySet()) {
            parts.add(operator(table, column, entry.getKey(), entry.getValue()));
        }
        return parts.size() == 1 ? parts.get(0) : new Where.And(parts);
    }

    private Where operator(Table table, Column column, String name, JsonElement value) {
        if (!name.equals("in") && !name.equals("nin")) {
            count(1, name.equals("is") ? 0 : 1); // an in list counts its values
        }
        switch (name) {
            case "contains" -> {
                count(0, jsonValues(name, value) - 1); // counted as one value above
                return JsonPaths.contains(column, List.of(), value);
            }
            case "search" -> {
                if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                    throw BadRequestException.invalidSearch("operator 'search' on column '" + column.name()
                            + "' takes a string, like \"dune herbert\"");
                }
                return Searches.where(table, List.of(column), value.getAsString());
            }
            case "eq", "ne" -> {
                Where condition = value.isJsonNull()
                        ? new Where.Is(column, Where.Literal.NULL)
                        : new Where.Compare(
                                column,
                                Operator.EQ,
                                convert(column, comparable(column, name, scalar(column, name, value))));
                return name.equals("eq") ? condition : negate(condition);
            }
            case "gt", "gte", "lt", "lte" -> {
                Operator operator = Operator.valueOf(name.toUpperCase(Locale.ROOT));
                return new Where.Compare(
                        column, operator, convert(column, comparable(column, name, scalar(column, name, value))));
            }
            case "like", "ilike" -> {
                JsonElement pattern = scalar(column, name, value);
                if (!pattern.getAsJsonPrimitive().isString()) {
                    throw BadRequestException.invalidBody("operator '" + name + "' on column '" + column.name()
                            + "' takes a string pattern, like \"A%\"");
                }
                if (!LIKE_TYPES.contains(column.type())) {
                    throw BadRequestException.invalidBody("operator '" + name + "' on column '" + column.name()
                            + "' needs a text, integer or date column; '" + column.name() + "' holds "
                            + column.type().name().toLowerCase(Locale.ROOT));
                }
                if (pattern.getAsString().indexOf('\0') >= 0) {
                    // SQLite's LIKE stops at it, so "x" U+0000 "y" matched as "x"; PostgreSQL refuses it
                    throw BadRequestException.invalidBody("the " + name + " pattern on column '" + column.name()
                            + "' holds the character U+0000, which a pattern cannot hold");
                }
                int length = pattern.getAsString()
                        .codePointCount(0, pattern.getAsString().length());
                if (length > Limits.PATTERN_LENGTH && bounded) {
                    throw BadRequestException.patternTooLong(name, column.name(), length);
                }
                return new Where.Compare(
                        column, name.equals("like") ? Operator.LIKE : Operator.ILIKE, pattern.getAsString());
            }
            case "in", "nin" -> {
                comparable(column, name, value);
                return new Where.In(column, list(column, name, value), name.equals("nin"));
            }
            case "is" -> {
                return new Where.Is(column, literal(column, value));
            }
            default -> throw BadRequestException.unknownOperator(name, column.name());
        }
    }

    /** {@code ne}: {@code col <> v}, or IS NOT NULL for null; SQL's NOT of equality. */
    private static Where negate(Where condition) {
        if (condition instanceof Where.Compare compare) {
            return new Where.Compare(compare.column(), Operator.NE, compare.value());
        }
        return new Where.Not(condition);
    }

    /**
     * {@code value}, unless {@code column} is JSON: a whole document is not compared (PostgreSQL's
     * json has no equality, jsonb's ignores key order, MariaDB's and SQLite's text compares
     * spacing), so a filter names a value inside it or the members it contains.
     */
    private static JsonElement comparable(Column column, String operator, JsonElement value) {
        if (column.type() == ColumnType.JSON) {
            throw BadRequestException.invalidBody("operator '" + operator + "' does not compare the JSON column '"
                    + column.name() + "' as a whole; compare a value inside it, {\"path\": [\"color\"], \"eq\":"
                    + " \"red\"}, or match members with {\"contains\": {\"color\": \"red\"}}");
        }
        return value;
    }

    private JsonElement scalar(Column column, String operator, JsonElement value) {
        if (!value.isJsonPrimitive()) {
            throw BadRequestException.invalidBody("operator '" + operator + "' on column '" + column.name()
                    + "' takes a single value" + (value.isJsonNull() ? ", not null; use {\"is\": null}" : ""));
        }
        return value;
    }

    private List<Object> list(Column column, String operator, JsonElement value) {
        JsonArray array;
        if (value.isJsonArray()) {
            array = value.getAsJsonArray();
        } else if (textValues && value.isJsonPrimitive()) {
            array = new JsonArray();
            for (String item : value.getAsString().split(",", -1)) {
                array.add(item);
            }
        } else {
            throw BadRequestException.invalidBody(
                    "operator '" + operator + "' on column '" + column.name() + "' takes an array of values");
        }
        if (array.size() > Limits.VALUES && bounded) {
            throw BadRequestException.tooComplex("operator '" + operator + "' on column '" + column.name() + "' has "
                    + array.size() + " values; at most " + Limits.VALUES + " are allowed");
        }
        count(1, array.size());
        List<Object> values = new ArrayList<>();
        for (JsonElement item : array) {
            if (!item.isJsonPrimitive()) {
                throw BadRequestException.invalidBody("operator '" + operator + "' on column '" + column.name()
                        + "' takes an array of single values; for null use {\"is\": null}");
            }
            values.add(convert(column, item));
        }
        return values;
    }

    /** The values an operator inside JSON binds: each element or member of a contains, else one. */
    private static int jsonValues(String operator, JsonElement value) {
        if (operator.equals("contains") && value.isJsonArray()) {
            return value.getAsJsonArray().size();
        }
        if (operator.equals("contains") && value.isJsonObject()) {
            return value.getAsJsonObject().size();
        }
        return operator.equals("is") ? 0 : 1;
    }

    /** Counts a client's conditions and values against {@link Limits}, failing as soon as one is too many. */
    private void count(int newConditions, int newValues) {
        conditions += newConditions;
        values += newValues;
        if (!bounded) {
            return;
        }
        if (conditions > Limits.CONDITIONS) {
            throw BadRequestException.tooComplex("'" + name + "' has more than " + Limits.CONDITIONS
                    + " conditions; split the request, or match many values of one column with 'in'");
        }
        if (values > Limits.VALUES) {
            throw BadRequestException.tooComplex(
                    "'" + name + "' has more than " + Limits.VALUES + " values; split the request");
        }
    }

    private Where.Literal literal(Column column, JsonElement value) {
        if (value.isJsonNull()) {
            return Where.Literal.NULL;
        }
        boolean truth = column.type() == ColumnType.BOOLEAN || column.type() == ColumnType.ANY;
        if (value.isJsonPrimitive() && (textValues || value.getAsJsonPrimitive().isBoolean())) {
            switch (value.getAsString()) {
                case "true", "false" -> {
                    if (!truth) { // IS TRUE is an error on PostgreSQL's other types, "not 0" on the others
                        throw BadRequestException.invalidBody("operator 'is' on column '" + column.name()
                                + "' takes null; true and false need a boolean column");
                    }
                    return value.getAsString().equals("true") ? Where.Literal.TRUE : Where.Literal.FALSE;
                }
                case "null" -> {
                    if (textValues) {
                        return Where.Literal.NULL;
                    }
                }
                default -> {}
            }
        }
        throw BadRequestException.invalidBody(
                "operator 'is' on column '" + column.name() + "' takes null, true or false");
    }

    private Object convert(Column column, JsonElement value) {
        try {
            return textValues ? Values.fromText(column, value.getAsString()) : Values.fromJson(column, value);
        } catch (Values.Problem problem) {
            throw BadRequestException.invalidValue(column.name(), problem.getMessage());
        }
    }
}
