package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Locale;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/**
 * Converts a client's value to the Java value bound for a column, by the column's type: JSON
 * values from bodies, text from URLs and query strings. A value of the wrong type is a problem
 * named in plain words ("expects an integer, got \"abc\""), never a silent conversion.
 */
final class Values {
    private static final int MAX_SHOWN = 40;
    /** PostgreSQL's numeric holds up to 131,072 digits before the point and 16,383 after; 1,000 is plenty. */
    private static final int MAX_DIGITS = 1000;

    private Values() {}

    /** Thrown for one value; callers add the column and collect or rethrow. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    /** The value for {@code column}; JSON null gives Java null (SQL NULL). */
    static Object fromJson(Column column, JsonElement json) throws Problem {
        if (json.isJsonNull()) {
            return null;
        }
        if (column.type() == ColumnType.JSON) {
            if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber()) {
                finite(json.getAsBigDecimal(), json.toString()); // SQLite stores such a document as a number
            }
            return json.toString(); // the database reads the text as json
        }
        if (column.type() == ColumnType.ARRAY && json.isJsonArray()) {
            return ArrayLiteral.of(json.getAsJsonArray());
        }
        if (!json.isJsonPrimitive()) {
            throw wrongType(column, json.isJsonArray() ? "an array" : "an object");
        }
        JsonPrimitive value = json.getAsJsonPrimitive();
        ColumnType type = column.type();
        if (value.isBoolean()) {
            if (type == ColumnType.BOOLEAN || type == ColumnType.ANY) {
                return value.getAsBoolean();
            }
            throw wrongType(column, value.toString());
        }
        if (value.isNumber()) {
            return number(column, value.getAsBigDecimal(), value.toString());
        }
        String text = value.getAsString();
        return switch (type) {
            case TEXT, ANY -> text;
            case BLOB -> base64(column, text);
            case UUID, TIMESTAMPTZ, TIMESTAMP, DATE, TIME -> Temporal.parse(column, text, shown(value.toString()));
            default -> throw wrongType(column, shown(value.toString()));
        };
    }

    /** The value for {@code column} from URL text: a key or a query parameter. */
    static Object fromText(Column column, String text) throws Problem {
        String shown = "'" + shown(text) + "'";
        return switch (column.type()) {
            case TEXT -> text;
            case BLOB -> base64(column, text);
            case UUID, TIMESTAMPTZ, TIMESTAMP, DATE, TIME -> Temporal.parse(column, text, shown);
            case JSON -> fromJson(column, StrictJson.parse(text, "the value of '" + column.name() + "'"));
            case ARRAY -> throw wrongType(column, shown);
            case BOOLEAN -> {
                if (text.equals("true") || text.equals("false")) {
                    yield Boolean.parseBoolean(text);
                }
                throw wrongType(column, shown);
            }
            case ANY -> {
                BigDecimal number = parseNumber(text);
                yield number == null ? text : number(column, number, shown);
            }
            default -> {
                BigDecimal number = parseNumber(text);
                if (number == null) {
                    throw wrongType(column, shown);
                }
                yield number(column, number, shown);
            }
        };
    }

    /** The largest value of MariaDB's BIGINT UNSIGNED, 2^64 - 1. */
    private static final BigDecimal UNSIGNED_MAX = new BigDecimal("18446744073709551615");

    private static Object number(Column column, BigDecimal number, String shown) throws Problem {
        ColumnType type = column.type();
        if (type != ColumnType.INTEGER
                && type != ColumnType.REAL
                && type != ColumnType.NUMERIC
                && type != ColumnType.DECIMAL
                && type != ColumnType.ANY) {
            throw wrongType(column, shown(shown));
        }
        if (type == ColumnType.DECIMAL) {
            // exact: 0.1 stays 0.1; but 1e999999999 would be a billion digits once written out
            if (number.precision() > MAX_DIGITS || Math.abs((long) number.scale()) > MAX_DIGITS) {
                throw new Problem("is out of range: " + shown(shown));
            }
            return number;
        }
        Long exact = exactLong(number);
        if (type == ColumnType.INTEGER) {
            if (exact != null) {
                return exact;
            }
            if (number.signum() >= 0 && number.compareTo(UNSIGNED_MAX) <= 0 && whole(number) && unsigned(column)) {
                return number.setScale(0); // MariaDB's BIGINT UNSIGNED, above a long's 2^63 - 1
            }
            throw whole(number) ? new Problem("is out of range: " + shown(shown)) : wrongType(column, shown(shown));
        }
        if (exact != null && type != ColumnType.REAL) {
            return exact;
        }
        return finite(number, shown);
    }

    private static double finite(BigDecimal number, String shown) throws Problem {
        double real = number.doubleValue();
        if (Double.isInfinite(real) || real == 0 && number.signum() != 0) { // 1e-400 would become 0
            throw new Problem("is out of range: " + shown(shown));
        }
        return real;
    }

    private static boolean whole(BigDecimal number) {
        return number.precision() - number.scale() <= MAX_DIGITS
                && number.stripTrailingZeros().scale() <= 0;
    }

    private static boolean unsigned(Column column) {
        return column.declaredType().toLowerCase(Locale.ROOT).matches("bigint( unsigned|\\(\\d+\\) unsigned)");
    }

    /** The number as a long if it is a whole number in range (so 1.0 and 1e3 count), else null. */
    private static Long exactLong(BigDecimal number) {
        if (number.precision() - number.scale() > 19) {
            return null; // too large to be a long; checked first to keep 1e999999999 cheap
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException notWholeOrTooLarge) {
            return null;
        }
    }

    private static BigDecimal parseNumber(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static byte[] base64(Column column, String text) throws Problem {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            throw wrongType(column, "'" + shown(text) + "'");
        }
    }

    static Problem wrongType(Column column, String shown) {
        return new Problem("expects " + column.type().expected() + ", got " + shown);
    }

    private static String shown(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…";
    }
}
