package tiddly.sql;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.util.PGobject;
import tiddly.query.JsonText;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/**
 * A result row → column name → value, typed by the statement's columns, one JSON-ready Java type
 * per kind whatever the database: Long, Double, BigDecimal (exact), Boolean, String (text,
 * UUIDs, ISO-8601 dates and times), byte[], List (arrays) and {@link JsonText}.
 */
final class RowMapping {
    private RowMapping() {}

    /** One row: its columns by name, then, for a versioned statement, its ETag as {@code _etag}. */
    static Map<String, Object> row(ResultSet resultSet, Statement statement, Versions versions) throws SQLException {
        List<Column> columns = statement.columns();
        Map<String, Object> row = new LinkedHashMap<>(columns.size() * 2 + 2);
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            row.put(column.name(), value(resultSet, i + 1, column));
        }
        if (statement.versioned()) {
            String content = resultSet.getString(columns.size() + 1);
            if (content == null) {
                return row; // a row an upsert found but left alone (MariaDB): no version
            }
            row.put(Database.ETAG, content.isEmpty() ? "" : versions.etag(content)); // "": a duplicate elsewhere
        }
        return row;
    }

    private static Object value(ResultSet resultSet, int index, Column column) throws SQLException {
        ColumnType type = column.type();
        if (type == ColumnType.TIME) { // java.sql.Time would drop the fraction of a second
            LocalTime time = resultSet.getObject(index, LocalTime.class);
            return time == null ? null : time.format(DateTimeFormatter.ISO_LOCAL_TIME);
        }
        if (type == ColumnType.TIMESTAMPTZ) {
            OffsetDateTime time = resultSet.getObject(index, OffsetDateTime.class);
            return time == null ? null : time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        Object value = resultSet.getObject(index);
        if (value == null) {
            return null;
        }
        if (type == ColumnType.BOOLEAN && value instanceof Number number) {
            return number.longValue() != 0; // SQLite and MariaDB store booleans as 0 and 1
        }
        if (type == ColumnType.JSON) {
            return json(value);
        }
        if (type == ColumnType.REAL && value instanceof Number number) {
            return number.doubleValue(); // avg() is a float on SQLite, numeric on PostgreSQL
        }
        if (value instanceof BigDecimal decimal && column.declaredType().isEmpty()) {
            BigDecimal stripped = decimal.stripTrailingZeros(); // an aggregate, avg(): 2.5, not 2.5000000000000000
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }
        return plain(value);
    }

    /**
     * A JSON column's value: PostgreSQL's as it is; text as JSON if it is JSON (SQLite checks
     * nothing another program writes; MariaDB's check allows what RFC 8259 does not), else as a
     * string holding the text, so an answer is never invalid JSON. SQLite stores a whole document
     * that is a number as a number (its NUMERIC affinity), and a BLOB comes back as base64.
     */
    private static Object json(Object value) throws SQLException {
        if (value instanceof PGobject object) {
            return new JsonText(object.getValue());
        }
        if (value instanceof String text) {
            return valid(text) ? new JsonText(text) : text;
        }
        return plain(value);
    }

    /** Whether {@code text} is one RFC 8259 JSON value (keys may repeat: the database decides those). */
    private static boolean valid(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            reader.skipValue();
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException | RuntimeException notJson) {
            return false;
        }
    }

    /** A driver's value as the one Java type Tiddly uses for its kind. */
    private static Object plain(Object value) throws SQLException {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue(); // one type per integer, so keys from two tables compare equal
        }
        if (value instanceof Float real) {
            return real.doubleValue();
        }
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        if (value instanceof LocalDateTime time) {
            return time.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof java.sql.Time time) {
            return time.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME);
        }
        if (value instanceof LocalTime time) {
            return time.format(DateTimeFormatter.ISO_LOCAL_TIME);
        }
        if (value instanceof Array array) {
            return plain(array.getArray());
        }
        if (value instanceof Object[] array) {
            List<Object> items = new ArrayList<>(array.length); // an array's elements, arrays within it too
            for (Object item : array) {
                items.add(item == null ? null : plain(item));
            }
            return items;
        }
        if (value instanceof PGobject object) {
            return object.getValue(); // intervals, ranges, enums…: their text form
        }
        return value;
    }
}
