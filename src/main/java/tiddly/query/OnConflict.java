package tiddly.query;

import java.util.List;
import tiddly.schema.Column;

/**
 * What an insert does with a row whose key, or other unique columns, already exist: update the
 * existing row with the given values, or leave it and skip the new one.
 */
public record OnConflict(Action action, List<Column> columns) {
    public OnConflict {
        columns = List.copyOf(columns);
    }

    public enum Action {
        UPDATE,
        IGNORE
    }
}
