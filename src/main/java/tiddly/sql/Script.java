package tiddly.sql;

import java.util.List;
import java.util.Optional;
import tiddly.query.Fetch;
import tiddly.query.Precondition;
import tiddly.query.Query;

/**
 * The statements that answer one query, run in one transaction when they write.
 *
 * @param guard a read of the row's current version, checked against an If-Match in the same
 *     transaction before the statements run
 */
public record Script(Query query, List<Statement> statements, Optional<Guard> guard) {
    public Script {
        statements = List.copyOf(statements);
    }

    public Script(Query query, List<Statement> statements) {
        this(query, statements, Optional.empty());
    }

    public boolean writes() {
        return !(query instanceof Fetch);
    }

    /** {@code current} selects the one row (versioned); the write applies only if its ETag matches. */
    public record Guard(Statement current, Precondition precondition) {}
}
