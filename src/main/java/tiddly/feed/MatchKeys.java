package tiddly.feed;

import java.math.BigDecimal;
import java.util.List;

/**
 * The keys under which {@link SubscriberIndex} files a value: two values that {@code RowCheck}'s
 * {@code =} finds equal always share one. Its {@code =} compares numbers by value (1 = 1.0),
 * booleans as 0 and 1, text as text, and anything else by its text ({@code 1 = '1'}); so a value
 * has a number key (booleans and numbers: the number, as a {@code Long} when whole and within a
 * long, else as a {@code BigDecimal} without trailing zeros) and a text key (the text that
 * comparison uses). Values that share a key need not be equal: the filter is checked after.
 */
final class MatchKeys {
    private MatchKeys() {}

    static List<Object> of(Object value) {
        Object compared = value instanceof Boolean bool ? (Object) (bool ? 1L : 0L) : value;
        String text = compared.toString();
        if (compared instanceof Long
                || compared instanceof Integer
                || compared instanceof Short
                || compared instanceof Byte) {
            return List.of(((Number) compared).longValue(), text);
        }
        if (compared instanceof Number) {
            try {
                return List.of(number(new BigDecimal(text)), text);
            } catch (NumberFormatException e) {
                return List.of(text); // NaN or infinite: equal to no number
            }
        }
        return List.of(text);
    }

    private static Object number(BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            try {
                return stripped.longValueExact(); // whole and within a long: the key a Long has
            } catch (ArithmeticException e) {
                // beyond a long
            }
        }
        return stripped;
    }
}
