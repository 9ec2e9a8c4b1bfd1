package tiddly.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The safe requests: a page of a query, every page through {@code next} cursors, one row by key. */
final class Reads {
    /** One answer to a query: its rows, its count if asked for, and its cursor if more rows match. */
    record Page(List<Row> rows, Optional<Long> count, Optional<String> next) {}

    private final TiddlyClient client;
    private final Transport transport;

    Reads(TiddlyClient client, Transport transport) {
        this.client = client;
        this.transport = transport;
    }

    Page page(Query query, JsonObject body) {
        Reply reply = transport.send(Call.query("/" + segment(query.table()), body));
        List<Row> rows = new ArrayList<>();
        for (JsonElement row : reply.data().getAsJsonArray()) {
            rows.add(Row.read(client, query.table, row.getAsJsonObject(), Optional.empty()));
        }
        JsonElement count = reply.envelope().get("count");
        JsonElement next = reply.envelope().get("next");
        return new Page(
                rows,
                count == null ? Optional.empty() : Optional.of(count.getAsLong()),
                next == null || next.isJsonNull() ? Optional.empty() : Optional.of(next.getAsString()));
    }

    /** The rows of every page: the first with the query's offset, the rest by cursor. */
    Stream<Row> stream(Query query, JsonObject first) {
        Iterator<Row> rows = new Iterator<>() {
            private Iterator<Row> page = List.<Row>of().iterator();
            private Optional<JsonObject> nextBody = Optional.of(first);

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && nextBody.isPresent()) {
                    Page answer = page(query, nextBody.get());
                    page = answer.rows().iterator();
                    nextBody = answer.next().map(cursor -> {
                        JsonObject body = first.deepCopy();
                        body.remove("offset"); // a cursor replaces the offset (docs/API.md, "cursor and next")
                        body.addProperty("cursor", cursor);
                        return body;
                    });
                }
                return page.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The row of {@code table} with this key; the server's 404 {@code row_not_found} if none. */
    Row get(TableSchema table, Object key) {
        Reply reply = transport.send(Call.get(path(table, key)));
        return Row.read(client, table, reply.data().getAsJsonObject(), reply.etag());
    }

    /** {@code /t/k}, each part percent-encoded ({@code +} in a path would be a plus, not a space). */
    static String path(TableSchema table, Object key) {
        return "/" + segment(table.name()) + "/" + segment(String.valueOf(Json.value(Json.tree(key))));
    }

    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
