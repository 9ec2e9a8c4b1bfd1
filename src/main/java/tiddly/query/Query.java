package tiddly.query;

import tiddly.schema.Table;

/** What a request asks of one table, validated against the schema; no SQL yet. */
public sealed interface Query permits Fetch, Insert, Update, Delete {
    Table table();
}
