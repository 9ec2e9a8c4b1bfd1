package tiddly.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import tiddly.query.Embed;
import tiddly.query.Fetch;
import tiddly.query.Order;
import tiddly.query.Relation;
import tiddly.query.Selected;
import tiddly.schema.Column;

/**
 * Runs a read: its count, its page streamed row by row, and one query per embedded relation for
 * the whole page (never one per row). Rows leave with only the columns the client asked for.
 */
public final class Reader {
    /** Parents per embed query; SQLite allows 32,766 parameters. */
    private static final int KEYS_PER_QUERY = 10_000;

    private final SelectWriter writer;
    private final Dialect dialect;

    public Reader(Dialect dialect) {
        this.writer = new SelectWriter(dialect);
        this.dialect = dialect;
    }

    /** Every row (or group) the where matches, whatever the page. */
    public long count(Rows rows, Fetch fetch) {
        return ((Number) rows.list(writer.count(fetch)).get(0).get("count")).longValue();
    }

    /**
     * Streams the page's rows to {@code sink}, embedded rows included.
     *
     * @return the order-by values of the last row when a next page exists
     */
    public Optional<List<Object>> read(Rows rows, Fetch fetch, Consumer<Map<String, Object>> sink) {
        long limit = fetch.page().limit();
        Set<String> shown = shown(fetch);
        List<Map<String, Object>> page = new ArrayList<>();
        long[] read = {0};
        long wanted = fetch.single() ? limit : limit + 1;
        List<Selected.Snippet> excerpts = dialect.excerptsInJava()
                ? fetch.select().stream()
                        .filter(item -> item instanceof Selected.Snippet)
                        .map(Selected.Snippet.class::cast)
                        .toList()
                : List.of();
        Consumer<Map<String, Object>> take = given -> {
            if (read[0]++ >= limit) {
                return; // the one row past the page: it only says that a next page exists
            }
            Map<String, Object> row = excerpts.isEmpty() ? given : excerpted(given, excerpts, fetch);
            if (fetch.embeds().isEmpty()) {
                page.clear(); // streaming: keep only the last row, for the cursor
                page.add(row);
                sink.accept(only(row, shown));
            } else {
                page.add(row);
            }
        };
        for (Statement statement : writer.pages(fetch, wanted)) {
            if (read[0] >= wanted) {
                break;
            }
            rows.stream(statement, take); // each segment's LIMIT is the whole page: the counter stops at it
        }
        boolean more = read[0] > limit
                && limit > 0
                && !fetch.table().primaryKey().isEmpty()
                && !fetch.single()
                && !fetch.grouped()
                && !fetch.distinct()
                && fetch.orderBy().stream().noneMatch(Order::inside); // no position to resume from
        // Read before embedding: an embed may take the name of the column it joins on.
        Optional<List<Object>> next =
                more ? Optional.of(position(page.get(page.size() - 1), fetch.orderBy())) : Optional.empty();
        if (!fetch.embeds().isEmpty()) {
            Map<Map<String, Object>, Long> weights = new IdentityHashMap<>();
            embed(rows, fetch.embeds(), page, weights);
            long answer = 0;
            for (Map<String, Object> row : page) {
                answer += weights.getOrDefault(row, 1L);
            }
            if (answer > AnswerTooLargeException.MAX_ROWS) {
                throw new AnswerTooLargeException("the answer");
            }
            page.forEach(row -> sink.accept(only(row, shown)));
        }
        return next;
    }

    /**
     * Adds each relation's rows to {@code parents} as a read adds them to its page: one query per
     * embed for all the parents, the embedded rows shaped by their own select. For rows read
     * elsewhere (a change a live query sends); the parents must hold the columns embeds join on.
     */
    public void embed(Rows rows, List<Embed> embeds, List<Map<String, Object>> parents) {
        embed(rows, embeds, parents, new IdentityHashMap<>());
    }

    /**
     * Adds each relation's rows to the parents, under the relation's name. {@code weights} gets
     * how many rows each parent will write with everything embedded in it (1 when absent): a
     * related row is fetched once but written under every parent that refers to it.
     */
    private void embed(
            Rows rows, List<Embed> embeds, List<Map<String, Object>> parents, Map<Map<String, Object>, Long> weights) {
        for (Embed embed : embeds) {
            Relation relation = embed.relation();
            Set<Object> keys = new LinkedHashSet<>();
            parents.forEach(parent -> keys.add(parent.get(relation.local().name())));
            keys.remove(null);
            List<Map<String, Object>> children = new ArrayList<>();
            List<Object> all = new ArrayList<>(keys);
            for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
                children.addAll(rows.list(
                        writer.embed(embed, all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY)))));
            }
            embed(rows, embed.fetch().embeds(), children, weights);
            Set<String> shown = shown(embed.fetch());
            Map<Object, List<Map<String, Object>>> byKey = new HashMap<>();
            Map<Object, Long> weightByKey = new HashMap<>();
            for (Map<String, Object> child : children) {
                Object key = child.get(relation.remote().name());
                byKey.computeIfAbsent(key, any -> new ArrayList<>()).add(only(child, shown));
                if (relation.many() || !weightByKey.containsKey(key)) {
                    weightByKey.merge(key, weights.getOrDefault(child, 1L), Long::sum);
                }
            }
            for (Map<String, Object> parent : parents) {
                Object key = parent.get(relation.local().name());
                List<Map<String, Object>> mine = byKey.getOrDefault(key, List.of());
                parent.put(relation.name(), relation.many() ? mine : mine.isEmpty() ? null : mine.get(0));
                long weight = weights.getOrDefault(parent, 1L) + weightByKey.getOrDefault(key, 0L);
                if (weight > AnswerTooLargeException.MAX_ROWS) {
                    throw new AnswerTooLargeException("the answer"); // early, before the sums overflow
                }
                weights.put(parent, weight);
            }
        }
    }

    /** The names a row of {@code fetch} shows: its columns or aggregates, its ETag, its embeds. */
    public static Set<String> shown(Fetch fetch) {
        Set<String> names = new LinkedHashSet<>();
        SelectWriter.shown(fetch).forEach(column -> names.add(column.name()));
        if (fetch.versions()) {
            names.add(Database.ETAG);
        }
        fetch.embeds().forEach(embed -> names.add(embed.relation().name()));
        return names;
    }

    private static Map<String, Object> only(Map<String, Object> row, Set<String> names) {
        if (row.size() == names.size() && row.keySet().containsAll(names)) {
            return row;
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String name : names) {
            shown.put(name, row.get(name));
        }
        return shown;
    }

    /** The row with each snippet, selected as the column's text, cut and marked (see {@link Excerpts}). */
    private static Map<String, Object> excerpted(
            Map<String, Object> row, List<Selected.Snippet> snippets, Fetch fetch) {
        Map<String, Object> excerpted = new LinkedHashMap<>(row);
        for (Selected.Snippet snippet : snippets) {
            if (row.get(snippet.alias()) instanceof String text) {
                excerpted.put(
                        snippet.alias(),
                        Excerpts.excerpt(
                                text, fetch.where().search().orElseThrow().query(), snippet));
            }
        }
        return excerpted;
    }

    private static List<Object> position(Map<String, Object> row, List<Order> orders) {
        List<Object> values = new ArrayList<>();
        for (Order order : orders) {
            Column column = order.column();
            values.add(row.get(Objects.requireNonNull(column).name()));
        }
        return values;
    }
}
