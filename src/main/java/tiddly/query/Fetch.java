package tiddly.query;

import java.util.List;
import tiddly.schema.Table;

/**
 * Read rows.
 *
 * @param single one row addressed by key ({@code GET /t/k}): answered with the row or a 404
 */
public record Fetch(Table table, Where where, List<Order> orderBy, Page page, boolean single) implements Query {
    public Fetch {
        orderBy = List.copyOf(orderBy);
    }
}
