package tiddly.request;

import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import tiddly.query.Embed;
import tiddly.query.Fetch;
import tiddly.query.Order;
import tiddly.query.Selected;
import tiddly.query.Where;

/**
 * What a read asks, apart from its page, as canonical text: the same query always gives the same
 * text, whatever object identities its values have (a blob is written as base64).
 */
final class Fingerprint {
    private Fingerprint() {}

    static String of(Fetch fetch) {
        return fetch.table().name() + "|"
                + fetch.select().stream().map(Fingerprint::of).collect(Collectors.joining(","))
                + "|" + of(fetch.where()) + "|"
                + fetch.groupBy().stream().map(Fingerprint::of).collect(Collectors.joining(","))
                + "|" + of(fetch.having()) + "|"
                + fetch.orderBy().stream().map(Fingerprint::of).collect(Collectors.joining(","))
                + "|" + fetch.distinct() + "|"
                + fetch.embeds().stream().map(Fingerprint::of).collect(Collectors.joining(","));
    }

    private static String of(Selected item) {
        if (item instanceof Selected.JsonPath json) {
            return "path(" + json + ")";
        }
        if (item instanceof Selected.Snippet snippet) {
            return "snippet(" + snippet + ")";
        }
        return item instanceof Selected.Aggregate aggregate
                ? aggregate.function() + "("
                        + aggregate.column().map(column -> column.name()).orElse("*") + ")" + aggregate.alias()
                : item.name();
    }

    private static String of(Order order) {
        // A path only when there is one, so that every existing cursor keeps its hash.
        return order.column().name() + (order.inside() ? order.path().toString() : "")
                + (order.descending() ? " desc" : " asc") + " " + order.nulls();
    }

    private static String of(Embed embed) {
        return embed.relation().name() + "{" + of(embed.fetch()) + "#"
                + embed.fetch().page().limit() + "+" + embed.fetch().page().offset() + "}";
    }

    private static String of(Where where) {
        if (where instanceof Where.And and) {
            return "and(" + list(and.parts()) + ")";
        }
        if (where instanceof Where.Or or) {
            return "or(" + list(or.parts()) + ")";
        }
        if (where instanceof Where.Not not) {
            return "not(" + of(not.part()) + ")";
        }
        if (where instanceof Where.Compare compare) {
            return compare.column().name() + " " + compare.operator() + " " + value(compare.value());
        }
        if (where instanceof Where.In in) {
            return in.column().name()
                    + (in.negated() ? " nin " : " in ")
                    + in.values().stream().map(Fingerprint::value).collect(Collectors.joining(",", "[", "]"));
        }
        if (where instanceof Where.Is is) {
            return is.column().name() + " is " + is.literal();
        }
        if (where instanceof Where.JsonCompare json) {
            return json.column().name() + json.path() + " " + json.operator() + " " + value(json.value());
        }
        if (where instanceof Where.JsonContains json) {
            return json.column().name() + json.path() + " contains " + json.json();
        }
        if (where instanceof Where.Search search) {
            return "search(" + search.index().name() + "," + search.query() + ")";
        }
        Where.Has has = (Where.Has) where;
        return has.relation().name() + " has(" + of(has.where()) + ")";
    }

    private static String list(List<Where> parts) {
        return parts.stream().map(Fingerprint::of).collect(Collectors.joining(","));
    }

    private static String value(Object value) {
        if (value instanceof byte[] bytes) {
            return "blob:" + Base64.getEncoder().encodeToString(bytes);
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }
}
