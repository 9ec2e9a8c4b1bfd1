package tiddly.rpc;

import java.util.List;

/**
 * A function {@code /_rpc/name} calls.
 *
 * @param arguments its named arguments; empty for a Java function, which reads what it is given
 * @param rows it returns rows (a set, or a table's rows), else one scalar value
 * @param readOnly it changes nothing (PostgreSQL STABLE or IMMUTABLE, a named query marked so, a
 *     Java function registered so): callable by GET and QUERY too
 * @param source where it comes from, for the catalog: "postgres", "mariadb" (a stored function, or a procedure when it answers rows), "query" (a named query) or "java"
 */
public record Function(String name, List<Argument> arguments, boolean rows, boolean readOnly, String source) {
    public Function {
        arguments = List.copyOf(arguments);
    }
}
