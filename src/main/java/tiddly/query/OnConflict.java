package tiddly.query;

import java.util.List;
import java.util.Set;
import tiddly.schema.Column;

/**
 * What an insert does with a row whose key, or other unique columns, already exist: update the
 * existing row with the given values, or leave it and skip the new one.
 *
 * @param where for an update: which existing rows it may change (a caller's update rule); others
 *     are left as they are
 * @param unchanged columns an update never overwrites, though the insert sets them (a rule's owner)
 */
public record OnConflict(Action action, List<Column> columns, Where where, Set<Column> unchanged) {
    public OnConflict {
        columns = List.copyOf(columns);
        unchanged = Set.copyOf(unchanged);
    }

    public OnConflict(Action action, List<Column> columns) {
        this(action, columns, Where.ALL, Set.of());
    }

    public enum Action {
        UPDATE,
        IGNORE
    }
}
