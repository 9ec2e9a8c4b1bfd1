package tiddly.request;

import com.google.gson.JsonElement;
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
 * order, so equal values come back in a stable order and offset paging never skips a row.
 */
final class OrderByParser {

    private OrderByParser() {}

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
        if (terms.size() > Limits.ORDERBY) {
            throw BadRequestException.tooComplex(
                    "'orderby' has " + terms.size() + " terms; at most " + Limits.ORDERBY + " are allowed");
        }
        List<Order> orders = new ArrayList<>();
        for (String term : terms) {
            orders.add(term(table, term.strip()));
        }
        return orders;
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
            if (orders.stream().noneMatch(order -> order.column().equals(key))) {
                complete.add(new Order(key, descending, Order.Nulls.DEFAULT));
            }
        }
        return complete;
    }
}
