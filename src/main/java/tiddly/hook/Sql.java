package tiddly.hook;

import java.util.List;
import java.util.Map;

/**
 * SQL that a hook or a Java function runs in the request's own transaction: it sees the request's
 * writes, and rolls back with them. Values are bound to the {@code ?} placeholders, never spliced;
 * each statement is bound by the statement timeout.
 */
public interface Sql {
    /** The rows of a SELECT (or of a statement with RETURNING), each column name → value. */
    List<Map<String, Object>> query(String sql, Object... parameters);

    /**
     * The first {@code max} rows of a SELECT: the database stops there, so a statement that
     * would return millions of rows does not fill the server's memory before they are counted.
     */
    default List<Map<String, Object>> queryAtMost(long max, String sql, Object... parameters) {
        List<Map<String, Object>> rows = query(sql, parameters);
        return rows.size() > max ? rows.subList(0, (int) max) : rows;
    }

    /** A statement that returns no rows; how many it changed. */
    long update(String sql, Object... parameters);

    /** Where there is no transaction to run in: a read. */
    Sql NONE = new Sql() {
        @Override
        public List<Map<String, Object>> query(String sql, Object... parameters) {
            throw new IllegalStateException(
                    "no transaction here: read hooks cannot run SQL" + " through the request (see docs/extending.md)");
        }

        @Override
        public long update(String sql, Object... parameters) {
            return query(sql, parameters).size();
        }
    };
}
