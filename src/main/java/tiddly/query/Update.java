package tiddly.query;

import java.util.Optional;
import tiddly.schema.Table;

/**
 * Set {@code values} in the rows {@code where} selects.
 *
 * @param single one row addressed by key: answered with the row or a 404; otherwise with the
 *     number of rows updated
 * @param precondition apply only if the row's current ETag matches (single rows only)
 * @param check every updated row must still match it, or nothing is updated: a row rule
 */
public record Update(
        Table table,
        Where where,
        Row values,
        boolean single,
        Optional<Precondition> precondition,
        Optional<Where> check)
        implements Query {

    public Update(Table table, Where where, Row values, boolean single, Optional<Precondition> precondition) {
        this(table, where, values, single, precondition, Optional.empty());
    }
}
