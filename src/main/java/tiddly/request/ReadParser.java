package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tiddly.query.Embed;
import tiddly.query.Fetch;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Relation;
import tiddly.query.Selected;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Table;

/** FETCH/QUERY bodies, GET query parameters and key lookups → {@link Fetch}. */
final class ReadParser {
    static final Set<String> FETCH_KEYS = Set.of(
            "select",
            "where",
            "orderby",
            "limit",
            "offset",
            "cursor",
            "count",
            "distinct",
            "embed",
            "groupby",
            "having",
            "etag");
    private static final String EXPECTED =
            "select, where, orderby, limit, offset, cursor, count, distinct, embed, groupby, having or etag";
    private static final Set<String> EMBED_KEYS = Set.of("select", "where", "orderby", "limit", "offset", "embed");

    private final long maxLimit;
    private final Relations relations;
    private final Cursors cursors;

    ReadParser(long maxLimit, Relations relations, Cursors cursors) {
        this.maxLimit = maxLimit;
        this.relations = relations;
        this.cursors = cursors;
    }

    Fetch lookup(Table table, Where where) {
        return new Fetch(table, where, List.of(), new Page(1, 0), true, true);
    }

    Fetch fetch(Table table, JsonElement body) {
        return read(table, Bodies.keyed(body, "the FETCH body", FETCH_KEYS, EXPECTED), Where.ALL);
    }

    Fetch list(Table table, Map<String, List<String>> params) {
        QueryParams query = QueryParams.parse(table, params);
        return read(table, query.body(), query.filters());
    }

    /** A whole query: its keys in {@code body}, plus {@code filters} ANDed into its where. */
    private Fetch read(Table table, JsonObject body, Where filters) {
        Fetch fetch = shape(table, body, filters, maxLimit, true);
        if (embeds(fetch) > Limits.EMBEDS) {
            throw BadRequestException.tooComplex(
                    "the query embeds " + embeds(fetch) + " relations; at most " + Limits.EMBEDS + " are allowed");
        }
        JsonElement cursor = Bodies.member(body, "cursor");
        if (cursor.isJsonNull()) {
            return fetch;
        }
        if (!cursor.isJsonPrimitive() || !cursor.getAsJsonPrimitive().isString()) {
            throw BadRequestException.invalidCursor("'cursor' must be the string a previous page gave as \"next\"");
        }
        if (fetch.page().offset() > 0) {
            throw BadRequestException.invalidCursor("send either 'cursor' or 'offset', not both");
        }
        if (fetch.orderBy().stream().anyMatch(order -> order.column().equals(Selected.Rank.COLUMN))) {
            throw BadRequestException.invalidCursor(
                    "'cursor' cannot page an order by _rank, which is not stored; page it with offset");
        }
        if (fetch.orderBy().stream().anyMatch(Order::inside)) {
            throw BadRequestException.invalidCursor(
                    "'cursor' cannot page an order by a path inside JSON; page it with offset");
        }
        if (fetch.grouped() || fetch.distinct()) {
            throw BadRequestException.invalidCursor(
                    "'cursor' pages plain rows; it cannot page groups or distinct rows");
        }
        if (fetch.table().primaryKey().isEmpty()) {
            throw BadRequestException.invalidCursor(
                    "'" + fetch.table().name() + "' has no primary key to page by;" + " page it with offset");
        }
        Page page = new Page(fetch.page().limit(), 0, Optional.of(cursors.decode(fetch, cursor.getAsString())));
        return new Fetch(
                fetch.table(),
                fetch.select(),
                fetch.where(),
                fetch.groupBy(),
                fetch.having(),
                fetch.orderBy(),
                page,
                false,
                fetch.versions(),
                fetch.count(),
                fetch.distinct(),
                fetch.embeds());
    }

    /** Embedded relations at every level: each costs one query per page. */
    private static int embeds(Fetch fetch) {
        return fetch.embeds().stream()
                .mapToInt(embed -> 1 + embeds(embed.fetch()))
                .sum();
    }

    /** Everything but the cursor; also what an embed's body holds. */
    private Fetch shape(Table table, JsonObject body, Where filters, long defaultLimit, boolean top) {
        List<Selected> select = SelectParser.select(table, Bodies.member(body, "select"));
        List<Selected.Field> groupBy = SelectParser.groupBy(table, Bodies.member(body, "groupby"));
        boolean grouped = !groupBy.isEmpty() || select.stream().anyMatch(item -> item instanceof Selected.Aggregate);
        boolean distinct = Bodies.flag(body, "distinct");
        Where where = filters.and(WhereParser.parse(table, Bodies.member(body, "where"), relations));
        Where having = Where.ALL;
        List<Order> orderBy;
        if (grouped) {
            for (Selected item : select) {
                if (item instanceof Selected.JsonPath json) {
                    throw BadRequestException.invalidBody(
                            "'" + json.name() + "' reads inside JSON; it cannot be selected with aggregates");
                }
                if (item instanceof Selected.Field field && !groupBy.contains(field)) {
                    throw BadRequestException.invalidBody(
                            "'" + field.name() + "' is selected with aggregates," + " so it must be in groupby");
                }
            }
            if (select.isEmpty()) {
                select = List.copyOf(groupBy);
            }
            Table outputs = SelectParser.outputs(table, select, groupBy);
            having = WhereParser.parseHaving(outputs, Bodies.member(body, "having"));
            orderBy = OrderByParser.complete(
                    OrderByParser.terms(outputs, Bodies.member(body, "orderby")),
                    groupBy.stream().map(Selected.Field::column).toList());
        } else {
            if (body.has("having")) {
                throw BadRequestException.invalidBody(
                        "'having' filters groups; it needs groupby or an aggregate in select");
            }
            List<Order> terms = OrderByParser.terms(table, Bodies.member(body, "orderby"));
            orderBy = OrderByParser.complete(terms, distinct ? shown(table, select) : table.primaryKey());
            if (distinct) {
                List<Column> shown = shown(table, select);
                for (Order order : orderBy) {
                    if (!shown.contains(order.column())) {
                        throw BadRequestException.invalidOrderBy(
                                "with distinct, orderby may only name selected columns;" + " '"
                                        + order.column().name() + "' is not selected");
                    }
                }
            }
        }
        if (!top && orderBy.stream().anyMatch(Order::inside)) {
            throw BadRequestException.invalidOrderBy(
                    "an embed's rows cannot be ordered by a path inside JSON; order them by a column");
        }
        if ((grouped || distinct) && orderBy.stream().anyMatch(Order::inside)) {
            throw BadRequestException.invalidOrderBy(
                    "groups and distinct rows are ordered by what they show; select the path with \"as\" instead");
        }
        searchScores(select, orderBy, where, top, grouped || distinct);
        List<Embed> embeds = embeds(table, Bodies.member(body, "embed"));
        if (grouped && !top) {
            throw BadRequestException.invalidBody(
                    "an embed adds rows to each row; it cannot select aggregates or group");
        }
        if ((grouped || distinct) && !embeds.isEmpty()) {
            throw BadRequestException.invalidBody("'embed' adds related rows to rows; it cannot embed into "
                    + (grouped ? "groups" : "distinct rows"));
        }
        if ((grouped || distinct) && Bodies.flag(body, "etag")) {
            throw BadRequestException.invalidBody("'etag' versions rows; groups and distinct rows have none");
        }
        long limit =
                Bodies.member(body, "limit").isJsonNull() ? defaultLimit : Bodies.count("limit", body.get("limit"));
        if (limit > maxLimit) {
            throw BadRequestException.invalidLimit(
                    "'limit' " + body.get("limit") + " is above the maximum of " + maxLimit);
        }
        long offset = Bodies.member(body, "offset").isJsonNull() ? 0 : Bodies.count("offset", body.get("offset"));
        boolean versions = top && Bodies.flag(body, "etag");
        boolean count = top && Bodies.flag(body, "count");
        return new Fetch(
                table,
                select,
                where,
                groupBy,
                having,
                orderBy,
                new Page(limit, offset),
                false,
                versions,
                count,
                distinct,
                embeds);
    }

    /** {@code _rank} and snippets score rows by the where's search, so they need one, on plain top-level rows. */
    private static void searchScores(
            List<Selected> select, List<Order> orderBy, Where where, boolean top, boolean groupedOrDistinct) {
        boolean ranked = select.stream().anyMatch(item -> item instanceof Selected.Rank)
                || orderBy.stream().anyMatch(order -> order.column().equals(Selected.Rank.COLUMN));
        List<Selected.Snippet> snippets = select.stream()
                .filter(item -> item instanceof Selected.Snippet)
                .map(Selected.Snippet.class::cast)
                .toList();
        if (!ranked && snippets.isEmpty()) {
            return;
        }
        if (!top) {
            throw BadRequestException.invalidSearch("_rank and snippets score the rows of a query, not of an embed");
        }
        if (groupedOrDistinct) {
            throw BadRequestException.invalidSearch(
                    "_rank and snippets score rows; groups and distinct rows have none");
        }
        if (ranked && where.search().isEmpty()) {
            throw BadRequestException.invalidSearch(
                    "_rank is the relevance to a search; add a search to where (not inside or or not)");
        }
        snippets.forEach(snippet -> Snippets.check(snippet, where));
    }

    /** The columns a row shows: the selected ones, or every visible one. */
    private static List<Column> shown(Table table, List<Selected> select) {
        if (select.isEmpty()) {
            return table.visibleColumns();
        }
        return select.stream()
                .map(item -> item instanceof Selected.Field field
                        ? field.column()
                        : item instanceof Selected.Snippet snippet
                                ? snippet.output()
                                : item instanceof Selected.JsonPath json ? json.output() : Selected.Rank.COLUMN)
                .toList();
    }

    /** {@code ["author"]} or {@code {"book": {"select": [...], "orderby": ..., "limit": 3}}}. */
    private List<Embed> embeds(Table table, JsonElement json) {
        List<Embed> embeds = new ArrayList<>();
        if (json.isJsonNull()) {
            return embeds;
        }
        JsonObject named = new JsonObject();
        if (json.isJsonArray()) {
            for (JsonElement name : json.getAsJsonArray()) {
                if (!name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()) {
                    throw BadRequestException.invalidBody("'embed' takes relation names, got " + name);
                }
                named.add(name.getAsString(), new JsonObject());
            }
        } else if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
            for (String name : json.getAsString().split(",")) {
                named.add(name.strip(), new JsonObject());
            }
        } else {
            named = Bodies.object(json, "'embed'");
        }
        for (Map.Entry<String, JsonElement> entry : named.entrySet()) {
            Relation relation = relations.require(table, entry.getKey(), "embed");
            if (table.column(relation.name())
                    .filter(column -> !column.equals(relation.local()))
                    .isPresent()) {
                throw BadRequestException.invalidBody("cannot embed '" + relation.name() + "': table '" + table.name()
                        + "' has another column of that name");
            }
            JsonObject sub = Bodies.keyed(
                    entry.getValue(),
                    "embed '" + entry.getKey() + "'",
                    EMBED_KEYS,
                    "select, where, orderby, limit, offset or embed");
            Fetch fetch = shape(relation.other(), sub, Where.ALL, relation.many() ? maxLimit : 1, false);
            embeds.add(new Embed(relation, fetch));
        }
        return embeds;
    }
}
