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
 * @param readBack where UPDATE … RETURNING does not exist (MariaDB): the first statement selects
 *     the keys of the rows the others change, which are then read back by key
 */
public record Script(Query query, List<Statement> statements, Optional<Guard> guard, boolean readBack) {
    public Script {
        statements = List.copyOf(statements);
    }

    public Script(Query query, List<Statement> statements) {
        this(query, statements, Optional.empty(), false);
    }

    public boolean writes() {
        return !(query instanceof Fetch);
    }

    /** {@code current} selects the one row (versioned); the write applies only if its ETag matches. */
    public record Guard(Statement current, Precondition precondition) {}
}
