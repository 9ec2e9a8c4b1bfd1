package tiddly.rpc;

import java.util.List;

/**
 * A function {@code /_rpc/name} calls.
 *
 * @param arguments its named arguments; empty for a Java function, which reads what it is given
 * @param returns what a call answers: rows, one value, or how many rows it changed
 * @param readOnly it changes nothing (PostgreSQL STABLE or IMMUTABLE, a named query marked so, a
 *     Java function registered so): callable by GET and QUERY too
 * @param source where it comes from, for the catalog: "postgres", "mariadb" (a stored function, or a procedure when it answers rows), "query" (a named query) or "java"
 */
public record Function(String name, List<Argument> arguments, Returns returns, boolean readOnly, String source) {
    /** What a call answers, as {@code /_schema} names it. */
    public enum Returns {
        /** Rows: a set, or a table's rows. */
        ROWS,
        /** One value: the first column of the first row. */
        SCALAR,
        /** How many rows a statement without rows changed. */
        CHANGED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Function {
        arguments = List.copyOf(arguments);
    }

    /** It answers rows (which may stream), not one value. */
    public boolean rows() {
        return returns == Returns.ROWS;
    }
}
