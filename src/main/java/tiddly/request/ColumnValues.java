package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import java.util.Base64;
import tiddly.schema.Column;

/**
 * Values that server code (a hook, a Java function) gives for a column, checked and converted as
 * a client's JSON value is: a number, text, a boolean, bytes, a {@code java.time} value (as its ISO
 * text), or null.
 */
public final class ColumnValues {
    private ColumnValues() {}

    /** The value bound for {@code column}, or a 400 {@code invalid_value} naming the column. */
    public static Object of(Column column, Object value) {
        try {
            return Values.fromJson(column, json(value));
        } catch (Values.Problem problem) {
            throw BadRequestException.invalidValue(column.name(), problem.getMessage());
        }
    }

    /** A client's JSON value for {@code column} (a function's argument): the problem in words, or the value. */
    public static Object fromJson(Column column, JsonElement value) throws InvalidValue {
        try {
            return Values.fromJson(column, value);
        } catch (Values.Problem problem) {
            throw new InvalidValue(problem.getMessage());
        }
    }

    /** A value from a URL's query string for {@code column}. */
    public static Object fromText(Column column, String text) throws InvalidValue {
        try {
            return Values.fromText(column, text);
        } catch (Values.Problem problem) {
            throw new InvalidValue(problem.getMessage());
        }
    }

    /** What is wrong with a value, in words: "expects an integer, got \"abc\"". */
    public static final class InvalidValue extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidValue(String message) {
            super(message, null, false, false);
        }
    }

    private static JsonElement json(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean bool) {
            return new JsonPrimitive(bool);
        }
        if (value instanceof byte[] bytes) {
            return new JsonPrimitive(Base64.getEncoder().encodeToString(bytes));
        }
        return new JsonPrimitive(value.toString()); // text, and java.time values as ISO text
    }
}
