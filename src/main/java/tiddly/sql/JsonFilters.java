package tiddly.sql;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import tiddly.query.Where;

/**
 * {@link Where.JsonCompare} and {@link Where.JsonContains} → SQL, per database. A value matches
 * only if it has the JSON type of the value compared with (10 never equals "10"); a CASE guards
 * each cast, so that a value of another type, or text that is not JSON, is no match instead of an
 * error. Paths and values are bound.
 */
final class JsonFilters {
    private JsonFilters() {}

    /** SQLite's and MariaDB's path text: {@code $."dims"."w"[0]}; keys have no quote or backslash (the parser checks). */
    static String pathText(List<Object> path) {
        StringBuilder text = new StringBuilder("$");
        for (Object item : path) {
            text.append(item instanceof Integer index ? "[" + index + "]" : ".\"" + item + "\"");
        }
        return text.toString();
    }

    /** SQLite's -> gives JSON text; a CASE keeps text that is not JSON from failing the query. */
    static String sqliteValue(String column, List<Object> path, List<Object> parameters) {
        parameters.add(pathText(path));
        return "CASE WHEN json_valid(" + column + ") THEN " + column + " -> ? END";
    }

    static String postgresValue(String column, List<Object> path, List<Object> parameters) {
        return column + "::jsonb #> " + path(path, parameters);
    }

    static String mariadbValue(String column, List<Object> path, List<Object> parameters) {
        parameters.add(pathText(path));
        return "JSON_EXTRACT(" + column + ", ?)";
    }

    static String sqlite(String column, Where.JsonCompare compare, List<Object> parameters) {
        String path = pathText(compare.path());
        Object value = compare.value();
        String test;
        if (value == null) {
            parameters.add(path);
            return "(" + column + " IS NULL OR CASE WHEN json_valid(" + column + ") THEN coalesce(json_type(" + column
                    + ", ?), 'null') = 'null' END)";
        } else if (value instanceof Boolean bool) {
            parameters.add(path);
            parameters.add(bool == (compare.operator() == Where.Operator.EQ) ? "true" : "false");
            test = "json_type(" + column + ", ?) = ?";
        } else {
            parameters.add(path);
            parameters.add(path);
            parameters.add(value);
            test = "json_type(" + column + ", ?) " + (value instanceof String ? "= 'text'" : "IN ('integer', 'real')")
                    + " AND json_extract(" + column + ", ?) "
                    + compare.operator().sql() + " ?";
        }
        return "CASE WHEN json_valid(" + column + ") THEN " + test + " END";
    }

    static String sqlite(String column, Where.JsonContains contains, List<Object> parameters) {
        JsonElement json = JsonParser.parseString(contains.json());
        List<String> tests = new ArrayList<>();
        if (json.isJsonObject()) {
            for (Map.Entry<String, JsonElement> member : json.getAsJsonObject().entrySet()) {
                List<Object> path = new ArrayList<>(contains.path());
                path.add(member.getKey());
                tests.add(sqlite(
                        column,
                        new Where.JsonCompare(
                                contains.column(),
                                path,
                                Where.Operator.EQ,
                                scalar(member.getValue().getAsJsonPrimitive())),
                        parameters));
            }
        } else {
            List<JsonElement> elements =
                    json.isJsonArray() ? json.getAsJsonArray().asList() : List.of(json);
            for (JsonElement element : elements) {
                Object value = scalar(element.getAsJsonPrimitive());
                parameters.add(pathText(contains.path()));
                String typed = value instanceof Boolean bool
                        ? "type = '" + bool + "'"
                        : (value instanceof String ? "type = 'text'" : "type IN ('integer', 'real')")
                                + " AND value = ?";
                if (!(value instanceof Boolean)) {
                    parameters.add(value);
                }
                tests.add("EXISTS (SELECT 1 FROM json_each(" + column + ", ?) WHERE " + typed + ")");
            }
        }
        return "CASE WHEN json_valid(" + column + ") THEN (" + String.join(" AND ", tests) + ") END";
    }

    static String postgres(String column, Where.JsonCompare compare, List<Object> parameters) {
        String document = column + "::jsonb";
        Object value = compare.value();
        if (value == null) {
            return "coalesce(jsonb_typeof(" + document + " #> " + path(compare.path(), parameters)
                    + "), 'null') = 'null'";
        }
        String type = value instanceof Boolean ? "boolean" : value instanceof String ? "string" : "number";
        String cast = value instanceof Boolean ? "::boolean" : value instanceof String ? "" : "::numeric";
        String test = "CASE WHEN jsonb_typeof(" + document + " #> " + path(compare.path(), parameters) + ") = '" + type
                + "' THEN (" + document + " #>> " + path(compare.path(), parameters) + ")" + cast + " END"
                + (value instanceof String ? " COLLATE \"C\"" : "") + " "
                + compare.operator().sql() + " ?";
        parameters.add(value);
        return test;
    }

    static String postgres(String column, Where.JsonContains contains, List<Object> parameters) {
        String test = "(" + column + "::jsonb #> " + path(contains.path(), parameters) + ") @> ?::jsonb";
        parameters.add(contains.json());
        return test;
    }

    static String mariadb(String column, Where.JsonCompare compare, List<Object> parameters) {
        String path = pathText(compare.path());
        Object value = compare.value();
        String type = "JSON_TYPE(JSON_EXTRACT(" + column + ", ?))";
        parameters.add(path);
        if (value == null) {
            return "coalesce(" + type + ", 'NULL') = 'NULL'";
        }
        parameters.add(path);
        if (value instanceof Boolean bool) {
            parameters.add(bool == (compare.operator() == Where.Operator.EQ) ? "true" : "false");
            return "(" + type + " = 'BOOLEAN' AND JSON_EXTRACT(" + column + ", ?) = JSON_EXTRACT(?, '$'))";
        }
        parameters.add(value);
        return value instanceof String
                ? "CONVERT(CASE WHEN " + type + " = 'STRING' THEN JSON_VALUE(" + column + ", ?) END USING utf8mb4)"
                        + " COLLATE utf8mb4_bin " + compare.operator().sql() + " ?"
                : "CASE WHEN " + type + " IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL') THEN CAST(JSON_VALUE("
                        + column + ", ?) AS DECIMAL(65, 30)) END "
                        + compare.operator().sql() + " ?";
    }

    static String mariadb(String column, Where.JsonContains contains, List<Object> parameters) {
        parameters.add(contains.json());
        parameters.add(pathText(contains.path()));
        return "coalesce(JSON_CONTAINS(" + column + ", ?, ?), 0) = 1";
    }

    /** PostgreSQL's path: a text array of keys and positions, each bound. */
    static String postgresPath(List<Object> path, List<Object> parameters) {
        return path(path, parameters);
    }

    private static String path(List<Object> path, List<Object> parameters) {
        StringJoiner items = new StringJoiner(", ", "ARRAY[", "]::text[]");
        for (Object item : path) {
            items.add("?");
            parameters.add(String.valueOf(item));
        }
        return items.toString();
    }

    private static Object scalar(JsonPrimitive primitive) {
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isString()) {
            return primitive.getAsString();
        }
        try {
            return primitive.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException notWhole) {
            return primitive.getAsDouble();
        }
    }
}
