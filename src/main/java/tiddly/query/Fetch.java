package tiddly.query;

import java.util.List;
import tiddly.schema.Table;

/**
 * Read rows.
 *
 * @param single one row addressed by key ({@code GET /t/k}): answered with the row or a 404
 * @param versions each row also carries its ETag, as {@code _etag}
 */
public record Fetch(Table table, Where where, List<Order> orderBy, Page page, boolean single, boolean versions)
        implements Query {
    public Fetch {
        orderBy = List.copyOf(orderBy);
    }
}
