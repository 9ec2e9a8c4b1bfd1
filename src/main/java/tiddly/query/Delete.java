package tiddly.query;

import tiddly.schema.Table;

/**
 * Delete rows.
 *
 * @param single one row addressed by key: answered with the deleted row or a 404; otherwise
 *     with the number of rows deleted
 */
public record Delete(Table table, Where where, boolean single) implements Query {}
