package tiddly.feed;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tiddly.query.Where;

/**
 * The subscribers of one table, indexed by the {@code column = value} their filter requires, so
 * that a change is checked only against those it may match: a filter whose top level ANDs in a
 * {@code column = constant} (or a {@code column IN (constants)}) is filed under that column and
 * constant; every other filter ({@code or}, {@code not}, {@code has}, ranges, none) is a candidate
 * for every change. The index only narrows: each candidate's whole filter is still checked, and a
 * row can reach a subscriber only if it shares one of the keys of {@link MatchKeys}.
 */
final class SubscriberIndex {
    /** Every subscriber of the table. */
    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();
    /** Those whose filter names no {@code column = value}: checked against every change. */
    private final Set<Subscriber> rest = ConcurrentHashMap.newKeySet();
    /** column → key of a required value → the subscribers requiring it. */
    private final Map<String, Map<Object, Set<Subscriber>>> byValue = new ConcurrentHashMap<>();

    void add(Subscriber subscriber) {
        all.add(subscriber);
        Optional<Anchor> anchor = anchor(subscriber.where());
        if (anchor.isEmpty()) {
            rest.add(subscriber);
            return;
        }
        Map<Object, Set<Subscriber>> values =
                byValue.computeIfAbsent(anchor.get().column(), column -> new ConcurrentHashMap<>());
        for (Object value : anchor.get().values()) {
            for (Object key : MatchKeys.of(value)) {
                values.computeIfAbsent(key, any -> ConcurrentHashMap.newKeySet())
                        .add(subscriber);
            }
        }
    }

    void remove(Subscriber subscriber) {
        if (!all.remove(subscriber)) {
            return;
        }
        if (rest.remove(subscriber)) {
            return;
        }
        Optional<Anchor> anchor = anchor(subscriber.where());
        Map<Object, Set<Subscriber>> values = byValue.get(anchor.orElseThrow().column());
        for (Object value : anchor.get().values()) {
            for (Object key : MatchKeys.of(value)) {
                values.computeIfPresent(key, (any, subscribers) -> {
                    subscribers.remove(subscriber);
                    return subscribers.isEmpty() ? null : subscribers;
                });
            }
        }
    }

    Set<Subscriber> all() {
        return all;
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    int size() {
        return all.size();
    }

    /**
     * The subscribers a change from {@code before} to {@code after} may concern: those whose
     * required value either row holds, and those with no required value. Each once.
     */
    Collection<Subscriber> candidates(Optional<Map<String, Object>> before, Optional<Map<String, Object>> after) {
        if (byValue.isEmpty()) {
            return rest;
        }
        Set<Subscriber> found = Collections.newSetFromMap(new IdentityHashMap<>());
        found.addAll(rest);
        for (Map.Entry<String, Map<Object, Set<Subscriber>>> column : byValue.entrySet()) {
            before.ifPresent(row -> collect(column.getValue(), row.get(column.getKey()), found));
            after.ifPresent(row -> collect(column.getValue(), row.get(column.getKey()), found));
        }
        return found;
    }

    private static void collect(Map<Object, Set<Subscriber>> values, Object value, Set<Subscriber> found) {
        if (value == null) {
            return; // = never holds for NULL
        }
        for (Object key : MatchKeys.of(value)) {
            Set<Subscriber> subscribers = values.get(key);
            if (subscribers != null) {
                found.addAll(subscribers);
            }
        }
    }

    /** A column and the values one of which a filter requires it to hold. */
    private record Anchor(String column, List<Object> values) {}

    /** The first {@code column = constant} or {@code column IN (constants)} ANDed in at the top level. */
    private static Optional<Anchor> anchor(Where where) {
        if (where instanceof Where.Compare compare
                && compare.operator() == Where.Operator.EQ
                && compare.value() != null) {
            return Optional.of(new Anchor(compare.column().name(), List.of(compare.value())));
        }
        if (where instanceof Where.In in
                && !in.negated()
                && !in.values().isEmpty()
                && in.values().stream().allMatch(value -> value != null)) {
            return Optional.of(new Anchor(in.column().name(), in.values()));
        }
        if (where instanceof Where.And and) {
            for (Where part : and.parts()) {
                Optional<Anchor> anchor = anchor(part);
                if (anchor.isPresent()) {
                    return anchor;
                }
            }
        }
        return Optional.empty();
    }
}
