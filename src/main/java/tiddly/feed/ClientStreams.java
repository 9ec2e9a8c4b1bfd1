package tiddly.feed;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many streams each client address holds open, against {@code --realtime-streams-per-client}.
 * A stream lives until its client leaves and costs a connection (a file descriptor), a queue and
 * a subscriber the feed checks every change against, so without a bound one client could open
 * streams until the process ran out of file descriptors and refused every request. Addresses
 * without an open stream are forgotten, so the map holds at most one entry per open stream.
 */
final class ClientStreams {
    /** 0: no bound. */
    private final int perClient;

    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    ClientStreams(int perClient) {
        this.perClient = perClient;
    }

    /**
     * A slot for one more stream of {@code client}, or none when it holds the most it may; the
     * slot's release may be run any number of times, and gives the slot back once.
     */
    Optional<Runnable> admit(String client) {
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
            return Optional.empty();
        }
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
            }
        });
    }

    int perClient() {
        return perClient;
    }
}
