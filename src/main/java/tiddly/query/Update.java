package tiddly.query;

import java.util.Optional;
import tiddly.schema.Table;

/**
 * Set {@code values} in the rows {@code where} selects.
 *
 * @param single one row addressed by key: answered with the row or a 404; otherwise with the
 *     number of rows updated
 * @param precondition apply only if the row's current ETag matches (single rows only)
 */
public record Update(Table table, Where where, Row values, boolean single, Optional<Precondition> precondition)
        implements Query {}
