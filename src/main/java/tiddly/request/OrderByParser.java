package tiddly.request;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tiddly.query.Order;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * {@code orderby}: {@code "email desc, name"} or {@code ["email desc", "name"]}; each term is a
 * column, then optionally asc/desc and nulls first/last. The table's primary key always ends the
 * order, so equal values come back in a stable order and offset paging never skips a row.
 */
final class OrderByParser {
    private static final Pattern TERM = Pattern.compile(
            "^(.+?)(?:\\s+(asc|desc))?(?:\\s+nulls\\s+(first|last))?$", Pattern.CASE_INSENSITIVE);

    private OrderByParser() {}

    /** The terms given, followed by the table's key as tie-breaker. */
    static List<Order> parse(Table table, JsonElement json) {
        return complete(terms(table, json), table.primaryKey());
    }

    /** Only the terms given. */
    static List<Order> terms(Table table, JsonElement json) {
        List<String> terms = new ArrayList<>();
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
            terms.addAll(List.of(json.getAsString().split(",", -1)));
        } else if (json.isJsonArray()) {
            for (JsonElement term : json.getAsJsonArray()) {
                if (!term.isJsonPrimitive() || !term.getAsJsonPrimitive().isString()) {
                    throw BadRequestException.invalidOrderBy("'orderby' must be a string or an array of strings");
                }
                terms.add(term.getAsString());
            }
        } else if (!json.isJsonNull()) {
            throw BadRequestException.invalidOrderBy("'orderby' must be a string or an array of strings");
        }
        List<Order> orders = new ArrayList<>();
        for (String term : terms) {
            orders.add(term(table, term.strip()));
        }
        return orders;
    }

    private static Order term(Table table, String term) {
        Matcher matcher = TERM.matcher(term);
        if (term.isEmpty() || !matcher.matches()) {
            throw BadRequestException.invalidOrderBy("'orderby' has an empty term");
        }
        Column column = Columns.readable(table, matcher.group(1), "orderby");
        boolean descending = "desc".equalsIgnoreCase(matcher.group(2));
        Order.Nulls nulls = matcher.group(3) == null
                ? Order.Nulls.DEFAULT
                : Order.Nulls.valueOf(matcher.group(3).toUpperCase(Locale.ROOT));
        return new Order(column, descending, nulls);
    }

    /**
     * The given order followed by the tie-breaking columns it does not already name, in the
     * direction of its last term: "price desc" becomes "price desc, id desc", which an index on
     * price (whose entries end with the key) serves without sorting.
     */
    static List<Order> complete(List<Order> orders, List<Column> tieBreakers) {
        List<Order> complete = new ArrayList<>(orders);
        boolean descending = !orders.isEmpty() && orders.get(orders.size() - 1).descending();
        for (Column key : tieBreakers) {
            if (orders.stream().noneMatch(order -> order.column().equals(key))) {
                complete.add(new Order(key, descending, Order.Nulls.DEFAULT));
            }
        }
        return complete;
    }
}
