package tiddly.hook;

import java.util.Map;
import java.util.Optional;
import tiddly.auth.Identity;

/**
 * A call of a {@link JavaFunction}: who calls, the named arguments of the JSON body (text, numbers
 * as {@code Double} or {@code Long}, booleans, lists, maps, null), and the request's transaction.
 */
public record FunctionCall(Identity identity, Map<String, Object> arguments, Sql sql) {
    public FunctionCall {
        arguments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
    }

    /** An argument, if the caller gave it. */
    public Optional<Object> argument(String name) {
        return Optional.ofNullable(arguments.get(name));
    }

    /** A text argument the function needs: a 400 {@code invalid_argument} if it is missing or not text. */
    public String text(String name) {
        if (arguments.get(name) instanceof String text) {
            return text;
        }
        throw HookException.field("invalid_argument", name, "is required, as text");
    }

    /** A whole-number argument the function needs: a 400 {@code invalid_argument} if missing or not one. */
    public long number(String name) {
        Object value = arguments.get(name);
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.longValue();
        }
        throw HookException.field("invalid_argument", name, "is required, as a whole number");
    }
}
