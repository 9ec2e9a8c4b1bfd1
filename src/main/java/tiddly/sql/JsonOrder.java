package tiddly.sql;

import java.util.List;
import java.util.StringJoiner;
import tiddly.query.Order;

/**
 * An order by a value inside a JSON column, the same on every database: each database sorts JSON
 * values its own way (SQLite by SQL type, PostgreSQL by jsonb's order, MariaDB as text), so the
 * order is written as three sort keys. First the JSON type: numbers, then strings, then booleans,
 * then arrays and objects; then numbers (and booleans, false before true) by value; then strings
 * by code point. A missing value or JSON null gets a type key that puts it where the order's nulls
 * go, so no NULLS FIRST/LAST (which MariaDB would write by repeating the expression) is needed.
 * Arrays and objects tie, and the primary key orders them.
 */
final class JsonOrder {
    /** The type keys: 1 numbers, 2 strings, 3 booleans, 4 arrays and objects; nulls get 0 or 5. */
    static final int FIRST = 0;

    static final int LAST = 5;

    private JsonOrder() {}

    /** The ORDER BY terms for {@code order}; {@code column} is quoted, path items are bound. */
    static String terms(Dialect dialect, String column, Order order, List<Object> parameters) {
        boolean nullsFirst = order.nulls() == Order.Nulls.FIRST
                || order.nulls() == Order.Nulls.DEFAULT && dialect.nullsFirstByDefault(order.descending());
        // Descending turns the keys around: nulls first then needs the largest key.
        int nulls = nullsFirst == order.descending() ? LAST : FIRST;
        String direction = order.descending() ? " DESC" : " ASC";
        StringJoiner terms = new StringJoiner(", ");
        for (String key : dialect.jsonSortKeys(column, order.path(), nulls, parameters)) {
            terms.add(key + direction);
        }
        return terms.toString();
    }

    static List<String> sqlite(String column, List<Object> path, int nulls, List<Object> parameters) {
        String valid = "CASE WHEN json_valid(" + column + ") THEN ";
        String pathText = JsonFilters.pathText(path);
        parameters.add(pathText);
        String type = "CASE " + valid + "json_type(" + column + ", ?) END WHEN 'integer' THEN 1 WHEN 'real' THEN 1"
                + " WHEN 'text' THEN 2 WHEN 'true' THEN 3 WHEN 'false' THEN 3 WHEN 'array' THEN 4"
                + " WHEN 'object' THEN 4 ELSE " + nulls + " END";
        parameters.add(pathText);
        parameters.add(pathText);
        // json_extract gives true as 1 and false as 0.
        String number = valid + "CASE WHEN json_type(" + column + ", ?) IN ('integer', 'real', 'true', 'false')"
                + " THEN json_extract(" + column + ", ?) END END";
        parameters.add(pathText);
        parameters.add(pathText);
        String text =
                valid + "CASE WHEN json_type(" + column + ", ?) = 'text' THEN json_extract(" + column + ", ?) END END";
        return List.of(type, number, text);
    }

    static List<String> postgres(String column, List<Object> path, int nulls, List<Object> parameters) {
        String type = "CASE jsonb_typeof(" + JsonFilters.postgresValue(column, path, parameters) + ")"
                + " WHEN 'number' THEN 1 WHEN 'string' THEN 2 WHEN 'boolean' THEN 3 WHEN 'array' THEN 4"
                + " WHEN 'object' THEN 4 ELSE " + nulls + " END";
        String typeOf = "jsonb_typeof(" + JsonFilters.postgresValue(column, path, parameters) + ")";
        String value = JsonFilters.postgresValue(column, path, parameters);
        String number = "CASE " + typeOf + " WHEN 'number' THEN (" + value + ")::numeric WHEN 'boolean' THEN CASE"
                + " WHEN (" + JsonFilters.postgresValue(column, path, parameters) + ")::boolean THEN 1 ELSE 0 END"
                + " END";
        String textType = "jsonb_typeof(" + JsonFilters.postgresValue(column, path, parameters) + ")";
        String text = "CASE WHEN " + textType + " = 'string' THEN " + column + "::jsonb #>> "
                + JsonFilters.postgresPath(path, parameters) + " END COLLATE \"C\"";
        return List.of(type, number, text);
    }

    static List<String> mariadb(String column, List<Object> path, int nulls, List<Object> parameters) {
        String pathText = JsonFilters.pathText(path);
        String typeOf = "JSON_TYPE(JSON_EXTRACT(" + column + ", ?))";
        parameters.add(pathText);
        String type = "CASE " + typeOf + " WHEN 'INTEGER' THEN 1 WHEN 'UNSIGNED INTEGER' THEN 1 WHEN 'DOUBLE' THEN 1"
                + " WHEN 'DECIMAL' THEN 1 WHEN 'STRING' THEN 2 WHEN 'BOOLEAN' THEN 3 WHEN 'ARRAY' THEN 4"
                + " WHEN 'OBJECT' THEN 4 ELSE " + nulls + " END";
        parameters.add(pathText);
        parameters.add(pathText);
        parameters.add(pathText);
        parameters.add(pathText);
        String number = "CASE WHEN " + typeOf + " IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL')"
                + " THEN CAST(JSON_VALUE(" + column + ", ?) AS DOUBLE) WHEN " + typeOf + " = 'BOOLEAN'"
                + " THEN CASE WHEN JSON_EXTRACT(" + column + ", ?) = JSON_EXTRACT('true', '$') THEN 1 ELSE 0 END END";
        parameters.add(pathText);
        parameters.add(pathText);
        String text = "CASE WHEN " + typeOf + " = 'STRING' THEN CONVERT(JSON_VALUE(" + column + ", ?) USING utf8mb4)"
                + " END COLLATE utf8mb4_bin";
        return List.of(type, number, text);
    }
}
