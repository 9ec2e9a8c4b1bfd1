package tiddly.feed;

import java.util.ArrayList;
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
 * row's value is looked up under the one key of {@link MatchKeys} that every constant equal to it
 * is filed under.
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
                values.compute(key, (any, subscribers) -> { // atomic with remove()'s dropping of an empty set
                    Set<Subscriber> filed = subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
                    filed.add(subscriber);
                    return filed;
                });
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
        List<Set<Subscriber>> sources = new ArrayList<>(4);
        add(sources, rest);
        for (Map.Entry<String, Map<Object, Set<Subscriber>>> column : byValue.entrySet()) {
            before.ifPresent(row -> add(sources, lookUp(column.getValue(), row.get(column.getKey()))));
            after.ifPresent(row -> add(sources, lookUp(column.getValue(), row.get(column.getKey()))));
        }
        if (sources.size() <= 1) {
            return sources.isEmpty() ? List.of() : sources.get(0); // the common case: no copy
        }
        Set<Subscriber> found = Collections.newSetFromMap(new IdentityHashMap<>());
        sources.forEach(found::addAll);
        return found;
    }

    private static Set<Subscriber> lookUp(Map<Object, Set<Subscriber>> values, Object value) {
        if (value == null) {
            return Set.of(); // = never holds for NULL
        }
        Set<Subscriber> subscribers = values.get(MatchKeys.key(value));
        return subscribers == null ? Set.of() : subscribers;
    }

    /** Adds {@code subscribers} unless empty or there already (an update that kept the value). */
    private static void add(List<Set<Subscriber>> sources, Set<Subscriber> subscribers) {
        if (subscribers.isEmpty()) {
            return;
        }
        for (Set<Subscriber> source : sources) {
            if (source == subscribers) {
                return;
            }
        }
        sources.add(subscribers);
    }

    /** A column and the values one of which a filter requires it to hold. */
    private record Anchor(String column, List<Object> values) {}

    /** The first {@code column = constant} or {@code column IN (constants)} ANDed in at the top level. */
    private static Optional<Anchor> anchor(Where where) {
        if (where instanceof Where.Compare compare
                && compare.operator() == Where.Operator.EQ
                && compare.value() != null
                && !MatchKeys.of(compare.value()).isEmpty()) {
            return Optional.of(new Anchor(compare.column().name(), List.of(compare.value())));
        }
        if (where instanceof Where.In in
                && !in.negated()
                && !in.values().isEmpty()
                && in.values().stream()
                        .allMatch(value -> value != null && !MatchKeys.of(value).isEmpty())) {
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
