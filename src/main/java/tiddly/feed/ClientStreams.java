package tiddly.feed;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many streams each client address holds open, against {@code --realtime-streams-per-client},
 * and all of them together, against {@code --realtime-max-streams}.
 * A stream lives until its client leaves and costs a connection (a file descriptor), a queue and
 * a subscriber the feed checks every change against, so without a bound one client could open
 * streams until the process ran out of file descriptors and refused every request. Addresses
 * without an open stream are forgotten, so the map holds at most one entry per open stream.
 */
final class ClientStreams {
    /** 0: no bound. */
    private final int perClient;

    /** The most streams of all clients together; 0: no bound. */
    private final int total;

    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();

    ClientStreams(int perClient, int total) {
        this.perClient = perClient;
        this.total = total;
    }

    /**
     * A slot for one more stream of {@code client}, or none when it holds the most it may; the
     * slot's release may be run any number of times, and gives the slot back once.
     */
    Optional<Runnable> admit(String client) {
        if (opened.incrementAndGet() > total && total > 0) {
            opened.decrementAndGet();
            return Optional.empty();
        }
        boolean[] admitted = {false};
        open.compute(client, (address, count) -> {
            int now = count == null ? 0 : count;
            if (perClient > 0 && now >= perClient) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            opened.decrementAndGet();
            return Optional.empty();
        }
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
                opened.decrementAndGet();
            }
        });
    }

    int perClient() {
        return perClient;
    }

    /** Whether the server holds the most streams it may, whoever holds them. */
    boolean full() {
        return total > 0 && opened.get() >= total;
    }
}
