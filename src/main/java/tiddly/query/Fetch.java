package tiddly.query;

import java.util.List;
import tiddly.schema.Table;

/**
 * Read rows.
 *
 * @param select the items each row holds; empty for every visible column
 * @param groupBy with aggregates in select: one row per distinct value of these columns
 * @param having a filter on the grouped rows, over group columns and aggregate aliases
 * @param single one row addressed by key ({@code GET /t/k}): answered with the row or a 404
 * @param versions each row also carries its ETag, as {@code _etag}
 * @param count also count every row the where matches, ignoring the page
 * @param distinct drop duplicate rows
 * @param embeds related rows to add to each row
 */
public record Fetch(
        Table table,
        List<Selected> select,
        Where where,
        List<Selected.Field> groupBy,
        Where having,
        List<Order> orderBy,
        Page page,
        boolean single,
        boolean versions,
        boolean count,
        boolean distinct,
        List<Embed> embeds)
        implements Query {

    public Fetch {
        select = List.copyOf(select);
        groupBy = List.copyOf(groupBy);
        orderBy = List.copyOf(orderBy);
        embeds = List.copyOf(embeds);
    }

    /** A plain read: every column, no grouping, counting or embedding. */
    public Fetch(Table table, Where where, List<Order> orderBy, Page page, boolean single, boolean versions) {
        this(table, List.of(), where, List.of(), Where.ALL, orderBy, page, single, versions, false, false, List.of());
    }

    /** The same read, narrowed to {@code where} and with {@code embeds} instead of its own: for rules. */
    public Fetch restricted(Where narrower, List<Embed> restrictedEmbeds) {
        return new Fetch(
                table,
                select,
                narrower,
                groupBy,
                having,
                orderBy,
                page,
                single,
                versions,
                count,
                distinct,
                restrictedEmbeds);
    }

    /** Whether rows are groups: aggregates are selected. */
    public boolean grouped() {
        return select.stream().anyMatch(item -> item instanceof Selected.Aggregate) || !groupBy.isEmpty();
    }
}
