package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tiddly.query.Order;
import tiddly.query.Selected;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * {@code orderby}: {@code "email desc, name"} or {@code ["email desc", "name"]}; each term is a
 * column, then optionally asc/desc and nulls first/last. The table's primary key always ends the
 * order, so equal values come back in a stable order and offset paging never skips a row. In
 * an array, a term may also be a value inside a JSON column: {@code {"path": ["dims", "w"], "of":
 * "meta", "order": "desc nulls last"}}, the same {@code path} and {@code of} as in select.
 */
final class OrderByParser {

    private OrderByParser() {}

    /** Only the terms given. */
    static List<Order> terms(Table table, JsonElement json) {
        List<JsonElement> terms = new ArrayList<>();
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
            for (String term : json.getAsString().split(",", -1)) {
                terms.add(new JsonPrimitive(term));
            }
        } else if (json.isJsonArray()) {
            for (JsonElement term : json.getAsJsonArray()) {
                if (!term.isJsonObject()
                        && (!term.isJsonPrimitive()
                                || !term.getAsJsonPrimitive().isString())) {
                    throw BadRequestException.invalidOrderBy("'orderby' must be a string or an array of strings");
                }
                terms.add(term);
            }
        } else if (!json.isJsonNull()) {
            throw BadRequestException.invalidOrderBy("'orderby' must be a string or an array of strings");
        }
        if (terms.size() > Limits.ORDERBY) {
            throw BadRequestException.tooComplex(
                    "'orderby' has " + terms.size() + " terms; at most " + Limits.ORDERBY + " are allowed");
        }
        List<Order> orders = new ArrayList<>();
        for (JsonElement term : terms) {
            orders.add(
                    term.isJsonObject()
                            ? inside(table, term.getAsJsonObject())
                            : term(table, term.getAsString().strip()));
        }
        return orders;
    }

    /** {@code {"path": [...], "of": "meta", "order": "desc nulls last"}}: a value inside a JSON column. */
    private static Order inside(Table table, JsonObject object) {
        for (String key : object.keySet()) {
            if (!key.equals("path") && !key.equals("of") && !key.equals("order")) {
                throw BadRequestException.invalidOrderBy(
                        "unknown key '" + key + "' in an orderby path; expected path, of and order");
            }
        }
        JsonElement of = object.get("of");
        if (of == null || !of.isJsonPrimitive() || !of.getAsJsonPrimitive().isString()) {
            throw BadRequestException.invalidOrderBy("an orderby path needs 'of', the JSON column, like"
                    + " {\"path\": [\"dims\", \"w\"], \"of\": \"meta\", \"order\": \"desc\"}");
        }
        Column column = Columns.readable(table, of.getAsString(), "orderby");
        if (!JsonPaths.isJson(column)) {
            throw BadRequestException.invalidOrderBy(
                    "'path' orders by a value inside JSON; column '" + column.name() + "' is not JSON");
        }
        List<Object> path = JsonPaths.path(column, object.get("path"));
        if (path.isEmpty()) {
            throw BadRequestException.invalidOrderBy(
                    "an orderby path needs at least one key or position; to order by the column, name it");
        }
        JsonElement order = object.get("order");
        String direction = "";
        if (order != null) {
            if (!order.isJsonPrimitive() || !order.getAsJsonPrimitive().isString()) {
                throw BadRequestException.invalidOrderBy(
                        "'order' of an orderby path is a string like \"desc\" or \"asc nulls last\"");
            }
            direction = order.getAsString();
        }
        Order parsed = direction(direction);
        return new Order(column, parsed.descending(), parsed.nulls(), path);
    }

    /** "", "asc", "desc", optionally followed by "nulls first" or "nulls last", in any case. */
    private static Order direction(String text) {
        List<String> words = List.of(text.strip().toLowerCase(Locale.ROOT).split("\\s+"));
        if (words.equals(List.of(""))) {
            words = List.of();
        }
        int index = 0;
        boolean descending = false;
        if (index < words.size()
                && (words.get(index).equals("asc") || words.get(index).equals("desc"))) {
            descending = words.get(index).equals("desc");
            index++;
        }
        Order.Nulls nulls = Order.Nulls.DEFAULT;
        if (index + 1 < words.size()
                && words.get(index).equals("nulls")
                && (words.get(index + 1).equals("first") || words.get(index + 1).equals("last"))) {
            nulls = Order.Nulls.valueOf(words.get(index + 1).toUpperCase(Locale.ROOT));
            index += 2;
        }
        if (index != words.size()) {
            throw BadRequestException.invalidOrderBy("'order' of an orderby path is \"asc\" or \"desc\","
                    + " optionally followed by \"nulls first\" or \"nulls last\"; got \"" + text + "\"");
        }
        return new Order(Selected.Rank.COLUMN, descending, nulls);
    }

    /**
     * One term, read from its end: optional "nulls first|last", optional "asc|desc", and the rest
     * is the column, spaces and all. Word by word, in linear time, whatever the client sends.
     */
    private static Order term(Table table, String term) {
        List<int[]> words = new ArrayList<>(); // [start, end) of each word
        for (int i = 0; i < term.length(); ) {
            if (Character.isWhitespace(term.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < term.length() && !Character.isWhitespace(term.charAt(i))) {
                i++;
            }
            words.add(new int[] {start, i});
        }
        if (words.isEmpty()) {
            throw BadRequestException.invalidOrderBy("'orderby' has an empty term");
        }
        int count = words.size();
        Order.Nulls nulls = Order.Nulls.DEFAULT;
        if (count >= 3 && word(term, words, count - 2).equals("nulls")) {
            String which = word(term, words, count - 1);
            if (which.equals("first") || which.equals("last")) {
                nulls = Order.Nulls.valueOf(which.toUpperCase(Locale.ROOT));
                count -= 2;
            }
        }
        boolean descending = false;
        if (count >= 2) {
            String direction = word(term, words, count - 1);
            if (direction.equals("asc") || direction.equals("desc")) {
                descending = direction.equals("desc");
                count--;
            }
        }
        String name = term.substring(words.get(0)[0], words.get(count - 1)[1]);
        if (name.equals(Selected.Rank.NAME) && table.column(name).isEmpty()) {
            return new Order(Selected.Rank.COLUMN, descending, nulls);
        }
        String first = term.substring(words.get(0)[0], words.get(0)[1]);
        if (count >= 2 && table.column(name).isEmpty() && table.column(first).isPresent()) {
            // "year sideways" is read as a column name (names may hold spaces): say which word is wrong
            Columns.readable(table, first, "orderby");
            throw BadRequestException.unknownColumn(
                    name,
                    table.name(),
                    "orderby",
                    "; after column '" + first + "', expected asc or desc, optionally followed by nulls first or"
                            + " nulls last");
        }
        return new Order(Columns.readable(table, name, "orderby"), descending, nulls);
    }

    private static String word(String term, List<int[]> words, int index) {
        return term.substring(words.get(index)[0], words.get(index)[1]).toLowerCase(Locale.ROOT);
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
            if (orders.stream()
                    .noneMatch(order -> !order.inside() && order.column().equals(key))) {
                complete.add(new Order(key, descending, Order.Nulls.DEFAULT));
            }
        }
        return complete;
    }
}
