package tiddly.feed;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import tiddly.query.Fetch;
import tiddly.query.Where;
import tiddly.schema.Table;
import tiddly.sql.Change;
import tiddly.sql.Database;
import tiddly.sql.Reader;
import tiddly.sql.RowCheck;

/**
 * One stream's subscription: the read it listens to, as its caller may run it (the role's row rules
 * already ANDed into the filter by the permission step), and where its events go.
 *
 * @param fetch the table, the filter and the select, narrowed by the caller's rules
 * @param expires when the caller's token expires: the stream then ends with {@code auth_expired}
 * @param valid whether the caller's credentials still hold (a token is revoked when its user is
 *     deleted or their password or role changes): asked before each event, which a revoked caller
 *     never gets; the stream then ends with {@code auth_expired} too
 * @param hooked a row as the table's after read hooks leave it for the caller: itself, changed,
 *     or none when they drop it (docs/extending.md), so that an event shows what a read would
 *     return; empty when the table has no such hooks
 */
public final class Subscriber {
    private final Fetch fetch;
    private final Sink sink;
    private final Optional<Instant> expires;
    private final BooleanSupplier valid;
    private final Optional<Function<Map<String, Object>, Optional<Map<String, Object>>>> hooked;
    /** What an inserted or updated row shows: the selected columns and the embeds. */
    private final List<String> names;
    /** What a deleted row shows: the selected columns, without embeds (the row is gone). */
    private final List<String> columns;
    /** Changes up to this position reached the client before (it resumed after them): not sent again. */
    private volatile long seen;
    /** Whether the filter holds a {@code has}, which the database answers: served by the {@link QueryLane}. */
    private final boolean asks;

    public Subscriber(
            Fetch fetch,
            Sink sink,
            Optional<Instant> expires,
            BooleanSupplier valid,
            Optional<Function<Map<String, Object>, Optional<Map<String, Object>>>> hooked) {
        this.fetch = fetch;
        this.sink = sink;
        this.expires = expires;
        this.valid = valid;
        this.hooked = hooked;
        this.names = Reader.shown(fetch).stream()
                .filter(name -> !name.equals(Database.ETAG))
                .toList();
        Set<String> embeds = new HashSet<>();
        fetch.embeds().forEach(embed -> embeds.add(embed.relation().name()));
        this.columns = names.stream().filter(name -> !embeds.contains(name)).toList();
        this.asks = asks(fetch.where());
    }

    private static boolean asks(Where where) {
        if (where instanceof Where.Has) {
            return true;
        }
        if (where instanceof Where.And and) {
            return and.parts().stream().anyMatch(Subscriber::asks);
        }
        if (where instanceof Where.Or or) {
            return or.parts().stream().anyMatch(Subscriber::asks);
        }
        return where instanceof Where.Not not && asks(not.part());
    }

    /** Whether checking a change against the filter may query the database (a {@code has}). */
    boolean asks() {
        return asks;
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

    boolean valid() {
        return valid.getAsBoolean();
    }

    Table table() {
        return fetch.table();
    }

    /** The filter, the caller's row rules included. */
    Where where() {
        return fetch.where();
    }

    /**
     * Sends the event {@code change} makes for this subscriber, if any: {@code insert} when the row
     * now matches and did not (or is new), {@code update} when it matched and still does, {@code
     * delete} when it matched and is gone ({@code "reason": "deleted"}) or no longer matches
     * ({@code "left"}). A row the caller could not see before a change never shows in its delete.
     * An insert's or update's row carries its embeds, read as a query by the caller would read
     * them; a delete's row is the row as it was, without embeds. The event is queued: the feed
     * sends it with the others of its batch.
     *
     * <p>The caller's credentials are checked only once the change makes an event for it, so a
     * revoked caller gets no event, and the check costs nothing for the many changes that do not
     * concern it.
     *
     * @return whether an event was queued, the stream is closed, or the caller was revoked
     */
    Delivery deliver(
            Change change,
            Optional<Map<String, Object>> before,
            Optional<Map<String, Object>> after,
            RowCheck matcher,
            ChangeReads reads) {
        if (change.id() <= seen) {
            return Delivery.NONE;
        }
        boolean was = before.isPresent() && matcher.matches(fetch.where(), before.get(), reads);
        boolean is = after.isPresent() && matcher.matches(fetch.where(), after.get(), reads);
        if (!was && !is) {
            return Delivery.NONE;
        }
        if (!valid()) {
            return Delivery.REVOKED;
        }
        if (hooked.isPresent()) { // after read hooks shape rows per caller: an event of its own
            return hookedEvent(change, before, after, was, is, reads)
                    .map(this::queued)
                    .orElse(Delivery.NONE);
        }
        if (is) {
            String name = was ? "update" : "insert";
            // subscribers shown the same columns and embeds share one event, encoded once
            return queued(reads.event(
                    List.of(name, names, fetch.embeds()), () -> changed(name, change, current(after.get(), reads))));
        }
        return queued(reads.event(List.of("delete", columns), () -> deleted(change, shown(before.get(), columns))));
    }

    /** What {@link #deliver} did with a change. */
    enum Delivery {
        /** Nothing: the change is not for this subscriber. */
        NONE,
        /** Its event waits in the sink, to be sent with the batch. */
        QUEUED,
        /** The stream is closed: unsubscribe it. */
        CLOSED,
        /** The caller's credentials no longer hold: end the stream with {@code auth_expired}. */
        REVOKED
    }

    private Delivery queued(Event event) {
        return sink.queue(event) ? Delivery.QUEUED : Delivery.CLOSED;
    }

    /**
     * The event for a caller whose table has after read hooks: the caller saw the row, and sees it
     * now, only as far as the hooks let it, so a row they stop letting through leaves as a delete.
     */
    private Optional<Event> hookedEvent(
            Change change,
            Optional<Map<String, Object>> before,
            Optional<Map<String, Object>> after,
            boolean was,
            boolean is,
            ChangeReads reads) {
        Function<Map<String, Object>, Optional<Map<String, Object>>> hooks = hooked.orElseThrow();
        Optional<Map<String, Object>> now = is ? hooks.apply(current(after.get(), reads)) : Optional.empty();
        Optional<Map<String, Object>> saw = was ? hooks.apply(shown(before.get(), columns)) : Optional.empty();
        if (now.isPresent()) {
            return Optional.of(changed(saw.isPresent() ? "update" : "insert", change, now.get()));
        }
        return saw.map(row -> deleted(change, row));
    }

    /** The row as an insert or update shows it: the selected columns and the embeds. */
    private Map<String, Object> current(Map<String, Object> after, ChangeReads reads) {
        return shown(fetch.embeds().isEmpty() ? after : reads.embedded(fetch.embeds(), after), names);
    }

    private static Event changed(String name, Change change, Map<String, Object> row) {
        return new Event(name, Optional.of(change.id()), Map.of("row", row));
    }

    /** A delete: the row as it was, and whether it is gone or only no longer matches. */
    private static Event deleted(Change change, Map<String, Object> row) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("row", row);
        data.put("reason", change.kind() == Change.Kind.DELETE ? "deleted" : "left");
        return new Event("delete", Optional.of(change.id()), data);
    }

    /** The row with only {@code names}; hidden and role-hidden columns are never among them. */
    private static Map<String, Object> shown(Map<String, Object> row, List<String> names) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String name : names) {
            shown.put(name, row.get(name));
        }
        return shown;
    }
}
