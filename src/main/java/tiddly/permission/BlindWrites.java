package tiddly.permission;

import java.util.List;
import java.util.Set;
import tiddly.auth.Identity;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * Writes by a role that may write a table but not read it (an update-only or delete-only role):
 * they must not read through their answers. So such a role picks rows by key only, as {@code
 * PUT /t/k} does: a where on any other column, or a range, would count rows by what they hold, and
 * an upsert on another unique column would answer the key of the row that holds a value.
 * (Its 412s and its answers show no row either: see {@code Precondition#blind} and the http
 * stage's reply.)
 */
final class BlindWrites {
    private BlindWrites() {}

    /** Refuses {@code where} unless it only names rows by key: key = v, key IN (…), and and or of those. */
    static void requireKeysOnly(Identity identity, Table table, String rule, Where where) {
        if (!keysOnly(where)) {
            throw refusal(identity, table, rule);
        }
    }

    /**
     * Refuses an upsert's update whose conflict target is not the primary key: its answer would
     * show the key of the row that holds the caller's value in another unique column.
     */
    static void requireKeyTarget(Identity identity, Table table, String rule, List<Column> target) {
        if (!Set.copyOf(names(target)).equals(Set.copyOf(names(table.primaryKey())))) {
            throw refusal(identity, table, rule);
        }
    }

    private static AccessDeniedException refusal(Identity identity, Table table, String rule) {
        String who = identity.anonymous()
                ? "anonymous callers may not read '" + table.name() + "', so their writes"
                : "role '" + identity.role() + "' may not read '" + table.name() + "', so its writes";
        return new AccessDeniedException(
                identity.anonymous(), who + " may pick rows by key only (rule " + rule + ".read)");
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    private static boolean keysOnly(Where where) {
        if (where instanceof Where.And and) {
            return and.parts().stream().allMatch(BlindWrites::keysOnly);
        }
        if (where instanceof Where.Or or) {
            return or.parts().stream().allMatch(BlindWrites::keysOnly);
        }
        if (where instanceof Where.Compare compare) {
            return compare.column().primaryKey() && compare.operator() == Where.Operator.EQ;
        }
        return where instanceof Where.In in && in.column().primaryKey() && !in.negated();
    }
}
