package tiddly.sql;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tiddly.query.Where;

/**
 * Whether a row matches a {@link Where}, evaluated in memory as SQL would (NULL compares as
 * unknown, so false; LIKE is case-sensitive, ILIKE is not): a written row against the caller's row
 * rule, a changed row against each live query's filter. What one row cannot answer alone (a {@code
 * has}, a full-text search, a JSON path) is handed to an {@link Undecided} policy: the feed asks the
 * database for a {@code has}; writes never get here with one, as {@link WrittenRows} asks the
 * database for the whole rule then, and refuse it if they did.
 */
public final class RowCheck {
    /** LIKE patterns compiled once: the same few filters are checked on every change. */
    private static final int MAX_PATTERNS = 10_000;

    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    /** Answers the parts of a filter that the row alone cannot. */
    public interface Undecided {
        boolean holds(Where part, Map<String, Object> row);
    }

    /** The policy of writes: a part the row cannot answer does not hold. */
    public static final Undecided FAILS = (part, row) -> false;

    public boolean matches(Where where, Map<String, Object> row, Undecided undecided) {
        if (where instanceof Where.And and) {
            for (Where part : and.parts()) {
                if (!matches(part, row, undecided)) {
                    return false;
                }
            }
            return true;
        }
        if (where instanceof Where.Or or) {
            for (Where part : or.parts()) {
                if (matches(part, row, undecided)) {
                    return true;
                }
            }
            return false;
        }
        if (where instanceof Where.Not not) {
            return !matches(not.part(), row, undecided);
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
            return value != null && holds(compare, value);
        }
        return undecided.holds(where, row); // Has, Search, JSON paths
    }

    private boolean holds(Where.Compare compare, Object value) {
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

    /** Numbers by value (1 = 1.0), booleans as 0 and 1 as SQLite stores them, text by code points. */
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
        // other types (dates, UUIDs) as the text SQL compares with the filter's value
        return Objects.equals(a.toString(), b.toString()) ? 0 : 1;
    }

    private boolean like(String text, String like, boolean ignoreCase) {
        String value = ignoreCase ? SqliteFunctions.lower(text) : text; // ilike folds as the databases do
        String pattern = ignoreCase ? SqliteFunctions.lower(like) : like;
        Pattern compiled = patterns.get(pattern);
        if (compiled == null) {
            compiled = compile(pattern);
            if (patterns.size() < MAX_PATTERNS) {
                patterns.put(pattern, compiled);
            }
        }
        return compiled.matcher(value).matches();
    }

    private static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
