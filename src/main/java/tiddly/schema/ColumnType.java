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

    public static ColumnType ofDeclared(String declared) {
        String type = declared.toUpperCase(Locale.ROOT);
        if (type.isBlank() || type.equals("ANY")) {
            return ANY; // no type, or STRICT tables' ANY
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
