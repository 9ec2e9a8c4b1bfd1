package tiddly.sql;

import java.util.List;
import tiddly.query.Fetch;
import tiddly.query.Query;

/** The statements that answer one query, run in one transaction when they write. */
public record Script(Query query, List<Statement> statements) {
    public Script {
        statements = List.copyOf(statements);
    }

    public boolean writes() {
        return !(query instanceof Fetch);
    }
}
