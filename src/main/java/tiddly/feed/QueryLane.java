package tiddly.feed;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread on which the subscribers whose filters ask the database (a {@code has}) get their
 * events, so that their queries never hold up the feed's thread and the subscribers it serves
 * (docs/realtime.md, "Filters that ask the database"). Work runs one piece at a time, in the order
 * it was queued, so each stream's events keep the outbox's order. At most {@code backlog} changes
 * wait for it: past that it takes no more, and the feed cuts the streams that would have waited.
 */
final class QueryLane implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread lane = new Thread(runnable, "tiddly-feed-queries");
        lane.setDaemon(true);
        return lane;
    });
    private final int backlog;
    /** Changes queued and not yet handed out. */
    private final AtomicInteger waiting = new AtomicInteger();

    QueryLane(int backlog) {
        this.backlog = backlog;
    }

    /**
     * Queues {@code work}, which hands out {@code changes} changes; false, and nothing queued, when
     * as many changes already wait that these would pass the backlog, or the lane is closed.
     */
    boolean offer(int changes, Runnable work) {
        if (waiting.addAndGet(changes) > backlog) {
            waiting.addAndGet(-changes);
            return false;
        }
        try {
            thread.execute(() -> {
                try {
                    work.run();
                } finally {
                    waiting.addAndGet(-changes);
                }
            });
            return true;
        } catch (RejectedExecutionException closed) {
            waiting.addAndGet(-changes);
            return false;
        }
    }

    /** Changes waiting now. */
    int waiting() {
        return waiting.get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
