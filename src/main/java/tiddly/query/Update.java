package tiddly.query;

import tiddly.schema.Table;

/** Set {@code values} in the one row {@code where} selects by key. */
public record Update(Table table, Where where, Row values) implements Query {}
