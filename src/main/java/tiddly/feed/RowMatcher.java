package tiddly.feed;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tiddly.query.Where;

/**
 * Whether a row matches a {@link Where}, evaluated in memory as the database would (NULL compares
 * as unknown, so false; LIKE is case-sensitive, ILIKE is not), so that a change is checked against
 * every subscriber's rules and filter without a query. Only {@code has}, which needs the related
 * table, is handed to {@link Related}.
 */
final class RowMatcher {
    /** Patterns of LIKE filters, compiled once: the same few filters are checked on every change. */
    private static final int MAX_PATTERNS = 10_000;

    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    /** Answers a {@code has} for one row, from the database. */
    interface Related {
        boolean exists(Where.Has has, Map<String, Object> row);
    }

    boolean matches(Where where, Map<String, Object> row, Related related) {
        if (where instanceof Where.And and) {
            for (Where part : and.parts()) {
                if (!matches(part, row, related)) {
                    return false;
                }
            }
            return true;
        }
        if (where instanceof Where.Or or) {
            for (Where part : or.parts()) {
                if (matches(part, row, related)) {
                    return true;
                }
            }
            return false;
        }
        if (where instanceof Where.Not not) {
            return !matches(not.part(), row, related);
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
            if (value == null) {
                return false;
            }
            boolean found = in.values().stream().anyMatch(candidate -> compare(value, candidate) == 0);
            return found != in.negated();
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
        return related.exists((Where.Has) where, row);
    }

    /** Numbers by value (1 = 1.0), booleans as 0 and 1, text by code points. */
    static int compare(Object left, Object right) {
        Object a = left instanceof Boolean bool ? (bool ? 1L : 0L) : left;
        Object b = right instanceof Boolean bool ? (bool ? 1L : 0L) : right;
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        return Objects.equals(a.toString(), b.toString()) ? 0 : 1;
    }

    private boolean like(String value, String pattern, boolean ignoreCase) {
        String key = (ignoreCase ? "i:" : "c:") + pattern;
        Pattern compiled = patterns.get(key);
        if (compiled == null) {
            compiled = compile(pattern, ignoreCase);
            if (patterns.size() < MAX_PATTERNS) {
                patterns.put(key, compiled);
            }
        }
        return compiled.matcher(value).matches();
    }

    private static Pattern compile(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags);
    }
}
