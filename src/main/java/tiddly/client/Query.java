package tiddly.client;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A query on one table, built fluently and sent as the QUERY body of docs/API.md. Each builder
 * method returns a new query, so a query can be kept and refined. Every name is checked against
 * {@code /_schema} when it is given: an unknown column or relation throws before any request.
 */
public class Query {
    final TiddlyClient client;
    final TableSchema table;
    private final List<JsonObject> wheres;
    private final List<String> select;
    private final List<String> orderBy;
    private final List<String> embed;
    private final Integer limit;
    private final Integer offset;

    Query(TiddlyClient client, TableSchema table) {
        this(client, table, List.of(), List.of(), List.of(), List.of(), null, null);
    }

    private Query(
            TiddlyClient client,
            TableSchema table,
            List<JsonObject> wheres,
            List<String> select,
            List<String> orderBy,
            List<String> embed,
            Integer limit,
            Integer offset) {
        this.client = client;
        this.table = table;
        this.wheres = List.copyOf(wheres);
        this.select = List.copyOf(select);
        this.orderBy = List.copyOf(orderBy);
        this.embed = List.copyOf(embed);
        this.limit = limit;
        this.offset = offset;
    }

    /** Rows that match {@code where} (docs/API.md, "where"), ANDed with earlier {@code where}s. */
    public Query where(Map<String, ?> where) {
        return where(Json.tree(where).getAsJsonObject());
    }

    /** The same, with the {@code where} as JSON text, such as {@code {"year": {"gte": 2000}}}. */
    public Query where(String json) {
        JsonElement where = Json.parse(json, "the where");
        if (!where.isJsonObject()) {
            throw TiddlyClientException.local("invalid_body", "a where must be a JSON object, got " + json);
        }
        return where(where.getAsJsonObject());
    }

    private Query where(JsonObject where) {
        client.names().where(table, where);
        List<JsonObject> more = new ArrayList<>(wheres);
        more.add(where.deepCopy());
        return new Query(client, table, more, select, orderBy, embed, limit, offset);
    }

    /** The columns to return, in this order; replaces an earlier select. */
    public Query select(String... columns) {
        for (String column : columns) {
            if (!column.equals("_rank")) {
                client.names().column(table, column, "select");
            }
        }
        return new Query(client, table, wheres, List.of(columns), orderBy, embed, limit, offset);
    }

    /** Order terms such as {@code "year desc"} or {@code "born desc nulls last, name"}; added to earlier ones. */
    public Query orderBy(String... terms) {
        List<String> more = new ArrayList<>(orderBy);
        for (String given : terms) {
            for (String term : given.split(",", -1)) {
                client.names().orderTerm(table, term);
                more.add(term.trim());
            }
        }
        return new Query(client, table, wheres, select, more, embed, limit, offset);
    }

    /** Adds the related rows of these relations to each row (docs/API.md, "embed"). */
    public Query embed(String... relations) {
        List<String> more = new ArrayList<>(embed);
        for (String relation : relations) {
            client.names().relation(table, relation, "embed");
            more.add(relation);
        }
        return new Query(client, table, wheres, select, orderBy, more, limit, offset);
    }

    /** At most {@code rows} rows; in {@link #stream()}, the size of each page. */
    public Query limit(int rows) {
        return new Query(client, table, wheres, select, orderBy, embed, nonNegative("limit", rows), offset);
    }

    /** Skips the first {@code rows} matching rows. */
    public Query offset(int rows) {
        return new Query(client, table, wheres, select, orderBy, embed, limit, nonNegative("offset", rows));
    }

    private static int nonNegative(String name, int value) {
        if (value < 0) {
            throw TiddlyClientException.local(
                    "invalid_limit", "'" + name + "' must be a non-negative integer, got " + value);
        }
        return value;
    }

    /** The QUERY body this query sends: exactly the JSON of docs/API.md. */
    public JsonObject body() {
        JsonObject body = new JsonObject();
        if (!select.isEmpty()) {
            body.add("select", strings(select));
        }
        if (wheres.size() == 1) {
            body.add("where", wheres.get(0).deepCopy());
        } else if (wheres.size() > 1) {
            JsonArray all = new JsonArray();
            wheres.forEach(where -> all.add(where.deepCopy()));
            JsonObject and = new JsonObject();
            and.add("and", all);
            body.add("where", and);
        }
        if (!orderBy.isEmpty()) {
            body.add("orderby", strings(orderBy));
        }
        if (!embed.isEmpty()) {
            body.add("embed", strings(embed));
        }
        if (limit != null) {
            body.addProperty("limit", limit);
        }
        if (offset != null) {
            body.addProperty("offset", offset);
        }
        if (!table.view()) {
            body.addProperty("etag", true); // each row carries its ETag, for If-Match on save
        }
        return body;
    }

    private static JsonArray strings(List<String> names) {
        JsonArray array = new JsonArray();
        names.forEach(name -> array.add(new JsonPrimitive(name)));
        return array;
    }

    /** The matching rows: one page, up to the limit (or the server's --max-limit). */
    public List<Row> all() {
        return client.reads().page(this, body()).rows();
    }

    /** The first matching row, if any. */
    public Optional<Row> first() {
        return limit(1).all().stream().findFirst();
    }

    /** The one matching row; a client error {@code not_exactly_one} when none or several match. */
    public Row one() {
        List<Row> rows = limit(2).all();
        if (rows.size() != 1) {
            throw TiddlyClientException.local(
                    "not_exactly_one",
                    "expected exactly one row of '" + table.name() + "', found "
                            + (rows.isEmpty() ? "none" : "several"));
        }
        return rows.get(0);
    }

    /** How many rows match the where, whatever the limit and offset. */
    public long count() {
        JsonObject body = new JsonObject();
        Optional.ofNullable(body().get("where")).ifPresent(where -> body.add("where", where));
        body.addProperty("count", true);
        body.addProperty("limit", 0);
        return client.reads().page(this, body).count().orElseThrow();
    }

    /** Every matching row, read lazily page by page: each page is asked for as the stream reaches it. */
    public Stream<Row> stream() {
        return client.reads().stream(this, body());
    }

    /**
     * Listens to this query's changes as they commit (docs/realtime.md): its where, select and
     * embed (inserted and updated rows come with their related rows); the order, limit and offset
     * mean nothing for changes.
     */
    public Subscription subscribe(ChangeListener listener) {
        return subscribe(listener, false);
    }

    /** The same; with {@code snapshot}, the rows that match now come first as {@code snapshot} events. */
    public Subscription subscribe(ChangeListener listener, boolean snapshot) {
        JsonObject stream = new JsonObject();
        JsonObject all = body();
        for (String key : new String[] {"select", "where", "embed"}) {
            Optional.ofNullable(all.get(key)).ifPresent(value -> stream.add(key, value));
        }
        return client.subscribe(table, stream, listener, snapshot);
    }

    /** The table's name. */
    public String table() {
        return table.name();
    }

    @Override
    public String toString() {
        return "QUERY /" + table.name() + " " + Json.write(body());
    }
}
