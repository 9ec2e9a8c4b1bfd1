package tiddly.sql;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import tiddly.query.Where;

/**
 * Whether a written row, as the database returned it, matches a row rule: evaluated like SQL
 * (NULL compares as unknown, so false). A {@code has} or a search cannot be evaluated on one row and fails.
 */
final class RowCheck {
    private RowCheck() {}

    static boolean matches(Where where, Map<String, Object> row) {
        if (where instanceof Where.And and) {
            return and.parts().stream().allMatch(part -> matches(part, row));
        }
        if (where instanceof Where.Or or) {
            return or.parts().stream().anyMatch(part -> matches(part, row));
        }
        if (where instanceof Where.Not not) {
            return !matches(not.part(), row);
        }
        if (where instanceof Where.Is is) {
            Object value = row.get(is.column().name());
            return switch (is.literal()) {
                case NULL -> value == null;
                case TRUE -> Boolean.TRUE.equals(value) || value instanceof Number number && number.doubleValue() != 0;
                case FALSE ->
                    Boolean.FALSE.equals(value) || value instanceof Number number && number.doubleValue() == 0;
            };
        }
        if (where instanceof Where.In in) {
            Object value = row.get(in.column().name());
            boolean found = value != null && in.values().stream().anyMatch(candidate -> compare(value, candidate) == 0);
            return value != null && found != in.negated();
        }
        if (where instanceof Where.Compare compare) {
            Object value = row.get(compare.column().name());
            if (value == null) {
                return false;
            }
            return switch (compare.operator()) {
                case EQ -> compare(value, compare.value()) == 0;
                case NE -> compare(value, compare.value()) != 0;
                case GT -> compare(value, compare.value()) > 0;
                case GTE -> compare(value, compare.value()) >= 0;
                case LT -> compare(value, compare.value()) < 0;
                case LTE -> compare(value, compare.value()) <= 0;
                case LIKE -> like(value.toString(), compare.value().toString(), false);
                case ILIKE -> like(value.toString(), compare.value().toString(), true);
            };
        }
        return false; // Has, Search: not decidable on one row without the database
    }

    /** Numbers by value (1 = 1.0), booleans as 0 and 1 as SQLite stores them, text by code points. */
    private static int compare(Object left, Object right) {
        Object a = left instanceof Boolean bool ? (bool ? 1L : 0L) : left;
        Object b = right instanceof Boolean bool ? (bool ? 1L : 0L) : right;
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        return Objects.equals(a, b) ? 0 : 1;
    }

    private static boolean like(String text, String like, boolean ignoreCase) {
        String value = ignoreCase ? SqliteFunctions.lower(text) : text; // ilike folds as the databases do
        String pattern = ignoreCase ? SqliteFunctions.lower(like) : like;
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }
}
