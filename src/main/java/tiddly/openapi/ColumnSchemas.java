package tiddly.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tiddly.schema.Column;

/** A column's values as JSON Schema (2020-12, the dialect of OpenAPI 3.1 and 3.2), by its type. */
final class ColumnSchemas {
    private ColumnSchemas() {}

    /** A value that is not null. */
    static Map<String, Object> value(Column column) {
        return switch (column.type()) {
            case INTEGER -> Json.object("type", "integer");
            case REAL, NUMERIC, DECIMAL -> Json.object("type", "number");
            case BOOLEAN -> Json.object("type", "boolean");
            case TEXT -> Json.object("type", "string");
            case BLOB -> Json.object("type", "string", "format", "byte", "contentEncoding", "base64");
            case JSON -> Json.object("description", "any JSON value");
            case UUID -> Json.object("type", "string", "format", "uuid");
            case TIMESTAMPTZ -> Json.object("type", "string", "format", "date-time");
            case TIMESTAMP -> Json.object("type", "string", "description", "ISO-8601 date-time without offset");
            case DATE -> Json.object("type", "string", "format", "date");
            case TIME -> Json.object("type", "string", "description", "ISO-8601 time of day");
            case ARRAY -> Json.object("type", "array", "items", Json.object());
            case ANY -> Json.object("type", List.of("string", "number", "boolean"));
        };
    }

    /**
     * A property of a row or body: the value, null too when {@code nullable}, with the column's
     * comment as description and its declared SQL type as {@code x-sql-type}.
     */
    static Map<String, Object> property(Column column, boolean nullable) {
        Map<String, Object> schema = value(column);
        if (nullable && schema.containsKey("type")) {
            Object type = schema.get("type");
            List<Object> types = new ArrayList<>(type instanceof List<?> list ? list : List.of(type));
            types.add("null");
            schema.put("type", types);
        }
        column.comment().ifPresent(comment -> schema.put("description", comment));
        if (!column.declaredType().isEmpty()) {
            schema.put("x-sql-type", column.declaredType());
        }
        return schema;
    }

    /**
     * A query-string value: numbers and booleans by their type, everything else as the text that
     * converts by the column's type ({@code ?born=1929}).
     */
    static Map<String, Object> text(Column column) {
        return switch (column.type()) {
            case INTEGER -> Json.object("type", "integer");
            case REAL, NUMERIC, DECIMAL -> Json.object("type", "number");
            case BOOLEAN -> Json.object("type", "boolean");
            default -> Json.object("type", "string");
        };
    }
}
