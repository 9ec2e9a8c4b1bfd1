package tiddly.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tiddly.schema.Column;

/**
 * One SQL statement with its positional parameters.
 *
 * @param columns the columns each result row holds, in order; empty when it returns no rows
 * @param versioned each result row ends with one more column, the row's full content as text,
 *     from which its ETag is hashed (see {@link Dialect#rowContent})
 * @param planEachRun the best plan depends on the values bound (a search's words: a word in 30
 *     rows or in 900,000), so the database plans it with them on each run and never keeps a
 *     generic plan for it (see {@link PreparedStatements})
 */
public record Statement(
        String sql, List<Object> parameters, List<Column> columns, boolean versioned, boolean planEachRun) {
    public Statement {
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters)); // values may be null
        columns = List.copyOf(columns);
    }

    public Statement(String sql, List<Object> parameters, List<Column> columns, boolean versioned) {
        this(sql, parameters, columns, versioned, false);
    }

    public boolean returnsRows() {
        return !columns.isEmpty();
    }
}
