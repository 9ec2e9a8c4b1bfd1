package tiddly.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import tiddly.query.Embed;
import tiddly.query.Fetch;
import tiddly.query.Order;
import tiddly.query.Selected;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

/**
 * Reads → SELECT statements: the page itself, its count, and one statement per embedded
 * relation. Each selects what the response shows plus the columns the reader needs and then
 * drops: the order's columns (for the next cursor) and the join columns (for embeds).
 */
final class SelectWriter {
    /**
     * The number of candidates of a bounded ranked search, beside each: a name under the prefix
     * of search indexes, which the schema never serves, so no served column is named so.
     */
    private static final String CANDIDATES = "_search_candidates";

    private final Dialect dialect;

    SelectWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The statements of a page, read one after the other until it is full (see {@link Keyset#segments}). */
    List<Statement> pages(Fetch fetch, long rows) {
        if (fetch.page().after().isEmpty()) {
            return List.of(select(fetch, fetch.where(), rows));
        }
        List<Statement> statements = new ArrayList<>();
        for (Where segment :
                Keyset.segments(fetch.orderBy(), fetch.page().after().get(), dialect)) {
            statements.add(select(fetch, fetch.where().and(segment), rows));
        }
        return statements;
    }

    /** The page; one row more than the limit for lists, which tells whether a next page exists. */
    Statement select(Fetch fetch) {
        Where where = fetch.page()
                .after()
                .map(after -> fetch.where().and(Keyset.after(fetch.orderBy(), after, dialect)))
                .orElse(fetch.where());
        return select(
                fetch,
                where,
                fetch.single() ? fetch.page().limit() : fetch.page().limit() + 1);
    }

    /** Up to {@code rows} rows of {@code fetch} that match {@code where}, in its order, after its offset. */
    Statement select(Fetch fetch, Where where, long rows) {
        Table table = fetch.table();
        List<Object> parameters = new ArrayList<>();
        List<Column> columns = columns(fetch);
        Conditions conditions = new Conditions(dialect, parameters, aggregates(fetch));
        String scope = dialect.quote(table.name());
        boolean joined = columns.contains(Selected.Rank.COLUMN)
                && dialect.rankJoin(fetch.where().search().orElseThrow(), scope, 0, new ArrayList<>())
                        .isPresent();
        long bound = !joined && dialect.rankCandidates() > 0 && rankedFirst(fetch)
                ? Math.max(dialect.rankCandidates(), rows + fetch.page().offset())
                : 0;
        StringBuilder sql = new StringBuilder(fetch.distinct() ? "SELECT DISTINCT " : "SELECT ")
                .append(items(fetch, columns, conditions, joined, bound))
                .append(" FROM ");
        if (bound > 0) {
            // The candidates: matches of the whole where (rules included), at most K + 1 of them,
            // each with their number, which tells the rank whether they are all the matches.
            sql.append("(SELECT *, count(*) OVER () AS ")
                    .append(dialect.quote(CANDIDATES))
                    .append(" FROM (SELECT *")
                    .append(dialect.rankCandidateItems(fetch.where().search().orElseThrow(), scope))
                    .append(" FROM ")
                    .append(scope);
            if (where instanceof Where.Search search) {
                sql.append(" WHERE ").append(conditions.firstMatches(search, scope, bound + 1));
            } else {
                conditions.clause(sql, "WHERE", where, scope);
            }
            sql.append(" LIMIT ?) AS ").append(scope).append(") AS ").append(scope);
            parameters.add(bound + 1);
            where = Where.ALL;
        } else {
            sql.append(scope);
        }
        if (joined) {
            Where.Search search = fetch.where().search().orElseThrow();
            where = without(where, search); // the join matches only rows the search does
            long top = where.equals(Where.ALL) && bestFirst(fetch)
                    ? rows + fetch.page().offset()
                    : 0;
            sql.append(dialect.rankJoin(search, scope, top, parameters).orElseThrow());
        }
        conditions.clause(sql, "WHERE", where, scope);
        groupAndOrder(sql, fetch, conditions, parameters);
        sql.append(dialect.limit(rows, fetch.page().offset(), parameters));
        return new Statement(
                sql.toString(),
                parameters,
                columns,
                fetch.versions(),
                fetch.where().search().isPresent());
    }

    /** How many rows (or groups) the where matches, whatever the page. */
    Statement count(Fetch fetch) {
        List<Object> parameters = new ArrayList<>();
        Conditions conditions = new Conditions(dialect, parameters, aggregates(fetch));
        StringBuilder sql = new StringBuilder("SELECT count(*) AS ")
                .append(dialect.quote("count"))
                .append(" FROM ");
        if (fetch.grouped() || fetch.distinct()) {
            sql.append("(SELECT ")
                    .append(fetch.distinct() ? "DISTINCT " : "")
                    .append(items(fetch, shown(fetch), conditions))
                    .append(" FROM ")
                    .append(dialect.quote(fetch.table().name()));
            conditions.clause(
                    sql, "WHERE", fetch.where(), dialect.quote(fetch.table().name()));
            if (!fetch.groupBy().isEmpty()) {
                sql.append(" GROUP BY ")
                        .append(list(fetch.groupBy().stream()
                                .map(Selected.Field::column)
                                .toList()));
            }
            conditions.clause(
                    sql, "HAVING", fetch.having(), dialect.quote(fetch.table().name()));
            sql.append(") AS ").append(dialect.quote("_counted"));
        } else {
            sql.append(dialect.quote(fetch.table().name()));
            conditions.clause(
                    sql, "WHERE", fetch.where(), dialect.quote(fetch.table().name()));
        }
        return new Statement(sql.toString(), parameters, List.of(Column.derived("count", ColumnType.INTEGER)), false);
    }

    /**
     * The embedded rows of every parent at once: {@code remote IN (keys)}; for one-to-many, each
     * parent's page is cut by ROW_NUMBER() over its own rows, so one query serves any page size.
     */
    Statement embed(Embed embed, List<Object> keys) {
        Fetch fetch = embed.fetch();
        Column remote = embed.relation().remote();
        List<Object> parameters = new ArrayList<>();
        List<Column> columns = columns(fetch);
        if (!columns.contains(remote)) {
            columns.add(remote);
        }
        Conditions conditions = new Conditions(dialect, parameters, Map.of());
        String table = dialect.quote(fetch.table().name());
        StringJoiner marks = new StringJoiner(", ", dialect.quote(remote.name()) + " IN (", ")");
        keys.forEach(key -> {
            marks.add("?");
            parameters.add(key);
        });
        StringBuilder inner = new StringBuilder("SELECT ").append(list(columns));
        if (embed.relation().many()) {
            inner.append(", ROW_NUMBER() OVER (PARTITION BY ")
                    .append(dialect.quote(remote.name()))
                    .append(" ORDER BY ")
                    .append(orders(fetch.orderBy(), conditions, parameters))
                    .append(") AS ")
                    .append(dialect.quote("_rn"));
        }
        inner.append(" FROM ").append(table).append(" WHERE ").append(marks);
        if (!fetch.where().equals(Where.ALL)) {
            inner.append(" AND ");
            conditions.append(inner, fetch.where(), table);
        }
        if (!embed.relation().many()) {
            return new Statement(inner.toString(), parameters, columns, false);
        }
        String sql = "SELECT " + list(columns) + " FROM (" + inner + ") AS " + dialect.quote("_embedded") + " WHERE "
                + dialect.quote("_rn") + " > ? AND " + dialect.quote("_rn") + " <= ? ORDER BY "
                + dialect.quote(remote.name()) + ", " + dialect.quote("_rn");
        parameters.add(fetch.page().offset());
        parameters.add(fetch.page().offset() + fetch.page().limit());
        return new Statement(sql, parameters, columns, false);
    }

    /** What the rows show: the selected items, or every visible column. */
    static List<Column> shown(Fetch fetch) {
        if (fetch.select().isEmpty()) {
            return new ArrayList<>(fetch.table().visibleColumns());
        }
        List<Column> columns = new ArrayList<>();
        for (Selected item : fetch.select()) {
            if (item instanceof Selected.Field field) {
                columns.add(field.column());
            } else if (item instanceof Selected.Aggregate aggregate) {
                columns.add(Column.derived(aggregate.name(), aggregate.type()));
            } else if (item instanceof Selected.Snippet snippet) {
                columns.add(snippet.output());
            } else if (item instanceof Selected.JsonPath json) {
                columns.add(json.output());
            } else {
                columns.add(Selected.Rank.COLUMN);
            }
        }
        return columns;
    }

    /** What the statement selects: the shown columns, then the order and join columns it needs. */
    static List<Column> columns(Fetch fetch) {
        List<Column> columns = shown(fetch);
        if (!fetch.grouped() && !fetch.distinct()) {
            for (Order order : fetch.orderBy()) {
                if (!order.inside() && !columns.contains(order.column())) {
                    columns.add(order.column());
                }
            }
            for (Embed embed : fetch.embeds()) {
                if (!columns.contains(embed.relation().local())) {
                    columns.add(embed.relation().local());
                }
            }
        }
        return columns;
    }

    private String items(Fetch fetch, List<Column> columns, Conditions conditions) {
        return items(fetch, columns, conditions, false, 0);
    }

    /**
     * @param joined the rank comes from {@link Dialect#rankJoin}'s join
     * @param bound more than 0: the rows are candidates numbered in {@link #CANDIDATES}, ranked
     *     by {@link Dialect#boundedRank} with this bound
     */
    private String items(Fetch fetch, List<Column> columns, Conditions conditions, boolean joined, long bound) {
        Map<String, Selected.Aggregate> aggregates = aggregates(fetch);
        StringJoiner items = new StringJoiner(", ");
        String scope = dialect.quote(fetch.table().name());
        for (Column column : columns) {
            Selected.Aggregate aggregate = aggregates.get(column.name());
            Optional<Selected.Snippet> snippet = fetch.select().stream()
                    .filter(item -> item instanceof Selected.Snippet found
                            && found.output().equals(column))
                    .map(Selected.Snippet.class::cast)
                    .findFirst();
            if (aggregate != null && column.declaredType().isEmpty()) {
                items.add(conditions.aggregate(aggregate) + " AS " + dialect.quote(aggregate.alias()));
            } else if (column.equals(Selected.Rank.COLUMN) && joined) {
                items.add(dialect.quote("_s") + "." + dialect.quote(column.name()) + " AS "
                        + dialect.quote(column.name()));
            } else if (column.equals(Selected.Rank.COLUMN) && bound > 0) {
                items.add(conditions.boundedRank(
                                fetch.where().search().orElseThrow(),
                                scope,
                                scope + "." + dialect.quote(CANDIDATES),
                                bound)
                        + " AS " + dialect.quote(column.name()));
            } else if (column.equals(Selected.Rank.COLUMN)) {
                items.add(conditions.rank(fetch.where().search().orElseThrow(), scope) + " AS "
                        + dialect.quote(column.name()));
            } else if (jsonPath(fetch, column).isPresent()) {
                Selected.JsonPath json = jsonPath(fetch, column).orElseThrow();
                items.add(conditions.jsonValue(json, scope) + " AS " + dialect.quote(column.name()));
            } else if (snippet.isPresent()) {
                items.add(conditions.snippet(fetch.where().search().orElseThrow(), snippet.get(), scope) + " AS "
                        + dialect.quote(column.name()));
            } else {
                items.add(dialect.quote(column.name()));
            }
        }
        if (fetch.versions()) {
            items.add(dialect.rowContent(fetch.table()));
        }
        return items.toString();
    }

    private void groupAndOrder(StringBuilder sql, Fetch fetch, Conditions conditions, List<Object> parameters) {
        if (!fetch.groupBy().isEmpty()) {
            sql.append(" GROUP BY ")
                    .append(list(
                            fetch.groupBy().stream().map(Selected.Field::column).toList()));
        }
        conditions.clause(
                sql, "HAVING", fetch.having(), dialect.quote(fetch.table().name()));
        if (!fetch.orderBy().isEmpty()) {
            sql.append(" ORDER BY ").append(orders(fetch.orderBy(), conditions, parameters));
        }
    }

    private String orders(List<Order> orders, Conditions conditions, List<Object> parameters) {
        StringJoiner terms = new StringJoiner(", ");
        for (Order order : orders) {
            // An aggregate's alias in an expression (MariaDB's IS NULL for nulls first/last) is
            // refused as a reference to a group function: the aggregate itself is not.
            if (order.inside()) {
                terms.add(JsonOrder.terms(dialect, dialect.quote(order.column().name()), order, parameters));
                continue;
            }
            Optional<String> aggregate = conditions.aggregateOf(order.column());
            terms.add(
                    dialect.order(aggregate.orElse(dialect.quote(order.column().name())), order));
        }
        return terms.toString();
    }

    private String list(List<Column> columns) {
        StringJoiner list = new StringJoiner(", ");
        columns.forEach(column -> list.add(dialect.quote(column.name())));
        return list.toString();
    }

    /**
     * Whether the order is "_rank desc" then the rowid descending (the tie-breaker Tiddly adds for a
     * SQLite table keyed by an INTEGER PRIMARY KEY or its rowid): then the first rows of the page
     * are the first of the search's own order, which may stop early.
     */
    private static boolean bestFirst(Fetch fetch) {
        List<Order> order = fetch.orderBy();
        if (order.size() != 2 || fetch.distinct() || fetch.grouped()) {
            return false;
        }
        Column key = order.get(1).column();
        boolean rowid =
                key.name().equals("rowid") || key.generated() && !key.readOnly() && key.type() == ColumnType.INTEGER;
        return order.get(0).column().equals(Selected.Rank.COLUMN)
                && order.get(0).descending()
                && order.get(0).nulls() == Order.Nulls.DEFAULT
                && fetch.table().primaryKey().equals(List.of(key))
                && order.get(1).descending()
                && rowid;
    }

    /** Whether the order starts with "_rank desc": the best matches first, of plain rows. */
    private static boolean rankedFirst(Fetch fetch) {
        List<Order> order = fetch.orderBy();
        return !order.isEmpty()
                && !fetch.distinct()
                && !fetch.grouped()
                && order.get(0).column().equals(Selected.Rank.COLUMN)
                && order.get(0).descending()
                && order.get(0).nulls() == Order.Nulls.DEFAULT;
    }

    /** {@code where} without {@code search} among the parts that must all hold. */
    private static Where without(Where where, Where.Search search) {
        if (where == search) {
            return Where.ALL;
        }
        if (where instanceof Where.And and) {
            return new Where.And(and.parts().stream()
                    .map(part -> without(part, search))
                    .filter(part -> !part.equals(Where.ALL))
                    .toList());
        }
        return where;
    }

    private static Optional<Selected.JsonPath> jsonPath(Fetch fetch, Column column) {
        return fetch.select().stream()
                .filter(item ->
                        item instanceof Selected.JsonPath json && json.output().equals(column))
                .map(Selected.JsonPath.class::cast)
                .findFirst();
    }

    private static Map<String, Selected.Aggregate> aggregates(Fetch fetch) {
        Map<String, Selected.Aggregate> aggregates = new LinkedHashMap<>();
        for (Selected item : fetch.select()) {
            if (item instanceof Selected.Aggregate aggregate) {
                aggregates.put(aggregate.alias(), aggregate);
            }
        }
        return aggregates;
    }
}
