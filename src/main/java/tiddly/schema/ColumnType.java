package tiddly.schema;

import java.util.Locale;

/**
 * How Tiddly converts a column's values, derived from its declared type with SQLite's affinity
 * rules (https://sqlite.org/datatype3.html#determination_of_column_affinity), plus BOOLEAN and
 * date/time types, which SQLite stores as numbers or text but JSON clients see differently.
 */
public enum ColumnType {
    INTEGER("an integer"),
    REAL("a number"),
    NUMERIC("a number"),
    TEXT("a string"),
    BOOLEAN("a boolean"),
    BLOB("a base64 string"),
    /** An exact number (PostgreSQL numeric, MariaDB DECIMAL): kept as written, never rounded. */
    DECIMAL("a number"),
    /** json, jsonb, MariaDB's JSON: any JSON value, stored and returned as JSON. */
    JSON("a JSON value"),
    UUID("a UUID string"),
    /** A date and time with a time zone: ISO-8601 with an offset, "2024-05-01T12:00:00Z". */
    TIMESTAMPTZ("an ISO-8601 date-time with offset"),
    /** A date and time without a time zone: "2024-05-01T12:00:00". */
    TIMESTAMP("an ISO-8601 date-time"),
    DATE("an ISO-8601 date"),
    TIME("an ISO-8601 time"),
    /** A PostgreSQL array: a JSON array of its elements. */
    ARRAY("an array"),
    /** No declared type: any JSON scalar is stored as it is. */
    ANY("a string, number or boolean");

    private final String expected;

    ColumnType(String expected) {
        this.expected = expected;
    }

    /** What a value of this type looks like in JSON, for error messages: "an integer". */
    public String expected() {
        return expected;
    }

    /**
     * The type of a column on a database server, by the name it reports (PostgreSQL's
     * "int4", "_text", "timestamptz"; MariaDB's "BIGINT UNSIGNED", "DATETIME").
     *
     * @param json MariaDB's JSON columns are LONGTEXT with a json_valid check
     */
    public static ColumnType ofServer(String name, boolean json) {
        String type = name.toLowerCase(Locale.ROOT);
        if (json || type.equals("json") || type.equals("jsonb")) {
            return JSON;
        }
        if (type.startsWith("_") || type.endsWith("[]")) {
            return ARRAY;
        }
        if (type.startsWith("bool")) { // bit(n) is a bit string: its text form, "101"
            return BOOLEAN;
        }
        if (type.matches(
                "(int[248]?|integer|bigint|smallint|tinyint|mediumint|(small|big)?serial[248]?)( unsigned)?")) {
            return INTEGER; // int2/4/8, bigint, smallint, tinyint, mediumint, (un)signed
        }
        if (type.matches("(numeric|decimal)( unsigned)?")) {
            return DECIMAL;
        }
        if (type.matches("(float[48]?|double( precision)?|real)( unsigned)?")) {
            return REAL;
        }
        if (type.equals("uuid")) {
            return UUID;
        }
        if (type.equals("timestamptz") || type.equals("timestamp with time zone")) {
            return TIMESTAMPTZ;
        }
        if (type.startsWith("timestamp") || type.equals("datetime")) {
            return TIMESTAMP;
        }
        if (type.equals("date")) {
            return DATE;
        }
        if (type.equals("time")) {
            return TIME;
        }
        if (type.equals("bytea") || type.contains("blob") || type.contains("binary")) {
            return BLOB;
        }
        return TEXT; // text, varchar, char, enums, inet, interval…: their text form
    }

    /**
     * The type of a SQLite column by its declared type. {@code JSON} and {@code JSONB}, exactly
     * (any case), hold JSON text, although SQLite's affinity rules make them NUMERIC; other names
     * that merely contain JSON ("TEXT JSON") keep the type their affinity gives.
     */
    public static ColumnType ofDeclared(String declared) {
        String type = declared.toUpperCase(Locale.ROOT);
        if (type.isBlank() || type.equals("ANY")) {
            return ANY; // no type, or STRICT tables' ANY
        }
        if (type.strip().equals("JSON") || type.strip().equals("JSONB")) {
            return JSON;
        }
        if (type.startsWith("BOOL")) {
            return BOOLEAN;
        }
        if (type.contains("INT")) {
            return INTEGER;
        }
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
            return TEXT;
        }
        if (type.contains("DATE") || type.contains("TIME")) {
            return TEXT; // ISO-8601 strings: the only representation SQLite's date functions share.
        }
        if (type.contains("BLOB")) {
            return BLOB;
        }
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
            return REAL;
        }
        return NUMERIC;
    }
}
