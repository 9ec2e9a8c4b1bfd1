package tiddly.feed;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.query.Fetch;
import tiddly.schema.Table;
import tiddly.sql.Change;
import tiddly.sql.Database;
import tiddly.sql.Reader;

/**
 * One stream's subscription: the read it listens to, as its caller may run it (the role's row rules
 * already ANDed into the filter by the permission step), and where its events go.
 *
 * @param fetch the table, the filter and the select, narrowed by the caller's rules
 * @param expires when the caller's token expires: the stream then ends with {@code auth_expired}
 */
public final class Subscriber {
    private final Fetch fetch;
    private final Sink sink;
    private final Optional<Instant> expires;
    private final List<String> names;
    /** Changes up to this position reached the client before (it resumed after them): not sent again. */
    private volatile long seen;

    public Subscriber(Fetch fetch, Sink sink, Optional<Instant> expires) {
        this.fetch = fetch;
        this.sink = sink;
        this.expires = expires;
        this.names = Reader.shown(fetch).stream()
                .filter(name -> !name.equals(Database.ETAG))
                .toList();
    }

    /** The client already has every change up to {@code position}. */
    void seen(long position) {
        seen = position;
    }

    Sink sink() {
        return sink;
    }

    Optional<Instant> expires() {
        return expires;
    }

    Table table() {
        return fetch.table();
    }

    /**
     * Sends the event {@code change} makes for this subscriber, if any: {@code insert} when the row
     * now matches and did not (or is new), {@code update} when it matched and still does, {@code
     * delete} when it matched and is gone ({@code "reason": "deleted"}) or no longer matches
     * ({@code "left"}). A row the caller could not see before a change never shows in its delete.
     *
     * @return false once the stream is closed
     */
    boolean deliver(
            Change change,
            Optional<Map<String, Object>> before,
            Optional<Map<String, Object>> after,
            RowMatcher matcher,
            RowMatcher.Related related) {
        if (change.id() <= seen) {
            return true;
        }
        boolean was = before.isPresent() && matcher.matches(fetch.where(), before.get(), related);
        boolean is = after.isPresent() && matcher.matches(fetch.where(), after.get(), related);
        if (!was && !is) {
            return true;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        String name;
        if (is) {
            name = was ? "update" : "insert";
            data.put("row", shown(after.get()));
        } else {
            name = "delete";
            data.put("row", shown(before.get()));
            data.put("reason", change.kind() == Change.Kind.DELETE ? "deleted" : "left");
        }
        return sink.offer(new Event(name, Optional.of(change.id()), data));
    }

    /** The row with only the columns the select shows; hidden and role-hidden ones are never among them. */
    Map<String, Object> shown(Map<String, Object> row) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String name : names) {
            shown.put(name, row.get(name));
        }
        return shown;
    }
}
