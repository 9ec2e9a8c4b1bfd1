package tiddly.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tiddly.query.Order;
import tiddly.query.Where;
import tiddly.schema.Column;

/**
 * The rows after a cursor's position in any order, NULLs included: for terms t1..tn, rows where
 * t1 comes after v1, or t1 = v1 and t2 comes after v2, and so on. The key ends every order, so the
 * position is exact. A leading range on t1 lets an index on it find the page directly.
 */
final class Keyset {
    private Keyset() {}

    /**
     * The rows after the position as up to two segments, to be read one after the other. Where
     * the first order column's NULLs follow the position's region (a value, NULLs last; or NULL,
     * NULLs first), "region after, then the other region" keeps each segment one index range in
     * order, where a single OR of both would make the database sort every remaining row.
     */
    static List<Where> segments(List<Order> orders, List<Object> values, Dialect dialect) {
        Order first = orders.get(0);
        Object value = values.get(0);
        boolean nullsFirst = nullsFirst(first, dialect);
        if (!first.column().nullable() || value != null && nullsFirst) {
            return List.of(after(orders, values, dialect));
        }
        Where isNull = new Where.Is(first.column(), Where.Literal.NULL);
        if (value == null) {
            // Among the NULLs, after the position; then, if they sort later, every row with a value.
            Where inNulls = orders.size() == 1
                    ? new Where.Or(List.of())
                    : isNull.and(after(orders.subList(1, orders.size()), values.subList(1, values.size()), dialect));
            return nullsFirst ? List.of(inNulls, new Where.Not(isNull)) : List.of(inNulls);
        }
        // Among the values, after the position, as one index range; then every NULL.
        Where range =
                new Where.Compare(first.column(), first.descending() ? Where.Operator.LTE : Where.Operator.GTE, value);
        return List.of(range.and(withoutNulls(orders, values, dialect)), isNull);
    }

    /** The keyset of a position whose first value is not NULL, ignoring NULLs of the first column. */
    private static Where withoutNulls(List<Order> orders, List<Object> values, Dialect dialect) {
        Order first = orders.get(0);
        Where beyond = new Where.Compare(
                first.column(), first.descending() ? Where.Operator.LT : Where.Operator.GT, values.get(0));
        if (orders.size() == 1) {
            return beyond;
        }
        Where same = new Where.Compare(first.column(), Where.Operator.EQ, values.get(0));
        Where rest = after(orders.subList(1, orders.size()), values.subList(1, values.size()), dialect);
        return new Where.Or(List.of(beyond, new Where.And(List.of(same, rest))));
    }

    static Where after(List<Order> orders, List<Object> values, Dialect dialect) {
        List<Where> branches = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            Optional<Where> after = after(orders.get(i), values.get(i), dialect);
            if (after.isEmpty()) {
                continue; // nothing comes after this value in this column
            }
            List<Where> parts = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                parts.add(equal(orders.get(j).column(), values.get(j)));
            }
            parts.add(after.get());
            branches.add(parts.size() == 1 ? parts.get(0) : new Where.And(parts));
        }
        Where keyset = new Where.Or(branches);
        Order first = orders.get(0);
        Object value = values.get(0);
        if (value != null && nullsFirst(first, dialect)) {
            // NULLs sort before any value here, so every later row has t1 on this side of v1.
            Where.Operator range = first.descending() ? Where.Operator.LTE : Where.Operator.GTE;
            return new Where.And(List.of(new Where.Compare(first.column(), range, value), keyset));
        }
        return keyset;
    }

    private static Optional<Where> after(Order order, Object value, Dialect dialect) {
        Column column = order.column();
        Where isNull = new Where.Is(column, Where.Literal.NULL);
        if (value == null) {
            return nullsFirst(order, dialect) ? Optional.of(new Where.Not(isNull)) : Optional.empty();
        }
        Where beyond = new Where.Compare(column, order.descending() ? Where.Operator.LT : Where.Operator.GT, value);
        return Optional.of(nullsFirst(order, dialect) ? beyond : new Where.Or(List.of(beyond, isNull)));
    }

    private static Where equal(Column column, Object value) {
        return value == null
                ? new Where.Is(column, Where.Literal.NULL)
                : new Where.Compare(column, Where.Operator.EQ, value);
    }

    private static boolean nullsFirst(Order order, Dialect dialect) {
        return switch (order.nulls()) {
            case FIRST -> true;
            case LAST -> false;
            case DEFAULT -> dialect.nullsFirstByDefault(order.descending());
        };
    }
}
