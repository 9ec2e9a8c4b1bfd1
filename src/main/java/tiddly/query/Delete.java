package tiddly.query;

import java.util.Optional;
import tiddly.schema.Table;

/**
 * Delete rows.
 *
 * @param single one row addressed by key: answered with the deleted row or a 404; otherwise
 *     with the number of rows deleted
 * @param precondition apply only if the row's current ETag matches (single rows only)
 */
public record Delete(Table table, Where where, boolean single, Optional<Precondition> precondition) implements Query {}
