package tiddly.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tiddly.schema.Column;

/**
 * One SQL statement with its positional parameters.
 *
 * @param columns the columns each result row holds, in order; empty when it returns no rows
 */
public record Statement(String sql, List<Object> parameters, List<Column> columns) {
    public Statement {
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters)); // values may be null
        columns = List.copyOf(columns);
    }

    public boolean returnsRows() {
        return !columns.isEmpty();
    }
}
