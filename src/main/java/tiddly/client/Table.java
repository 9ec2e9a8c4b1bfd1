package tiddly.client;

import java.util.Map;

/**
 * A table the caller may read: the query of all its rows, refined with {@link #where} and the
 * other builder methods, plus reading one row by key and making new rows.
 */
public final class Table extends Query {
    Table(TiddlyClient client, TableSchema table) {
        super(client, table);
    }

    /** The table as {@code /_schema} describes it to this caller. */
    public TableSchema schema() {
        return table;
    }

    /** The row with this key ({@code GET /t/k}); the server's 404 {@code row_not_found} if none. */
    public Row get(Object key) {
        return client.reads().get(table, key);
    }

    /** A new row with these values, not saved yet: save it with {@link Row#save()} or {@link TiddlyClient#save}. */
    public Row newRow(Map<String, ?> values) {
        return Row.fresh(client, table, values);
    }

    /** Inserts a row and returns it as stored, with its key, defaults and ETag. */
    public Row create(Map<String, ?> values) {
        return newRow(values).save();
    }
}
