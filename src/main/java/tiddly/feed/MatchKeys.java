package tiddly.feed;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The keys of {@link SubscriberIndex}: a filter's constant is filed under {@link #of} it, and a
 * row's value looked up under its one {@link #key}, which is among the keys of every constant that
 * {@code RowCheck}'s {@code =} finds equal to it. That {@code =} compares numbers by value (1 =
 * 1.0), booleans as the numbers 0 and 1, text as text, and a number with text by the number's text
 * ({@code 1 = '1'}, {@code 1.0 = '1.0'}). So a number's keys are its value (a {@code Long} when
 * whole and within a long, else a {@code BigDecimal} without trailing zeros) and its text; a text's
 * keys are itself and, when it reads as a number, that number's value. Values that share a key
 * need not be equal: the whole filter is checked after.
 */
final class MatchKeys {
    private MatchKeys() {}

    /** The keys a constant is filed under; empty for a type the index does not know (not indexed). */
    static List<Object> of(Object constant) {
        if (constant instanceof String text) {
            return number(text).<List<Object>>map(value -> List.of(text, value)).orElse(List.of(text));
        }
        if (constant instanceof Number || constant instanceof Boolean) {
            return List.of(key(constant), compared(constant).toString());
        }
        return List.of();
    }

    /** The key a row's value is looked up under. */
    static Object key(Object value) {
        Object compared = compared(value);
        if (compared instanceof Long
                || compared instanceof Integer
                || compared instanceof Short
                || compared instanceof Byte) {
            return ((Number) compared).longValue();
        }
        String text = compared.toString();
        if (compared instanceof Number) {
            return number(text).orElse(text); // NaN or infinite: equal to no number
        }
        return text;
    }

    /** Booleans as RowCheck compares them: 1 and 0. */
    private static Object compared(Object value) {
        return value instanceof Boolean bool ? (Object) (bool ? 1L : 0L) : value;
    }

    /** The value of a number's text, canonical: a Long when whole and within a long. */
    private static Optional<Object> number(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            try {
                return Optional.of(stripped.longValueExact()); // the key a Long has
            } catch (ArithmeticException e) {
                // beyond a long
            }
        }
        return Optional.of(stripped);
    }
}
