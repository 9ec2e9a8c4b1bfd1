package tiddly.sql;

import java.util.Optional;

/**
 * One row changed by a committed write, as the outbox keeps it: the row before and after, each as
 * a JSON object of every column (hidden ones included: rules may name them; who may see what is
 * decided when the change is sent).
 *
 * @param id the outbox position: changes commit in this order, and a stream resumes after one
 * @param before the row before the write; empty for an insert
 * @param after the row after it; empty for a delete
 * @param at when it was written, in milliseconds since the epoch (the writer's clock)
 */
public record Change(long id, String table, Kind kind, Optional<String> before, Optional<String> after, long at) {

    /** What happened to the row. */
    public enum Kind {
        INSERT,
        UPDATE,
        DELETE
    }
}
