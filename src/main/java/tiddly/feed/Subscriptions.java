package tiddly.feed;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The feed's open streams, filed by table, so that each change reaches only its table's. */
final class Subscriptions {
    private final Map<String, SubscriberIndex> byTable = new ConcurrentHashMap<>();

    /** Files {@code subscriber} with its table's, so that the poller hands it that table's changes. */
    void file(Subscriber subscriber) {
        byTable.computeIfAbsent(subscriber.table().name(), name -> new SubscriberIndex())
                .add(subscriber);
    }

    /** Stops sending to {@code subscriber}; its stream is closed or closing. */
    void unsubscribe(Subscriber subscriber) {
        SubscriberIndex subscribers = byTable.get(subscriber.table().name());
        if (subscribers != null) {
            subscribers.remove(subscriber);
        }
    }

    /** The subscribers of {@code table}, if it ever had one. */
    Optional<SubscriberIndex> of(String table) {
        return Optional.ofNullable(byTable.get(table));
    }

    /** Streams open now. */
    int count() {
        return byTable.values().stream().mapToInt(SubscriberIndex::size).sum();
    }

    void forEach(Consumer<Subscriber> action) {
        byTable.values().forEach(subscribers -> subscribers.all().forEach(action));
    }

    void clear() {
        byTable.clear();
    }
}
