package tiddly.feed;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.sql.Change;
import tiddly.sql.Database;

/**
 * Resumes a stream: sends again, read from the outbox, the changes committed after the last event
 * its client got, either at once or, for a subscriber whose filters ask the database, on the
 * {@link QueryLane}.
 */
final class Replay {
    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    /** Changes read from the outbox at a time. */
    static final int BATCH = 500;

    private final Database database;
    private final QueryLane lane;
    private final Dispatch dispatch;

    Replay(Database database, QueryLane lane, Dispatch dispatch) {
        this.database = database;
        this.lane = lane;
        this.dispatch = dispatch;
    }

    /**
     * Queues on the lane a resume of {@code subscriber}, already filed: its replay from {@code from},
     * then its {@code ready}. Under the feed's lock, so that the changes the poller queues for it come after.
     */
    void resumeOnLane(Subscriber subscriber, long from, long position) {
        // it holds no change in memory (its replay reads the outbox), so a backlog does not refuse it:
        // a stream cut for a backlog that resumed at once would be cut again until the lane drained
        boolean queued = lane.offer(0, () -> {
            try {
                long seen = replay(subscriber, from);
                subscriber.seen(seen);
                subscriber.sink().offer(Event.ready(Math.max(position, seen)));
            } catch (RuntimeException e) {
                LOG.warn("a stream could not be resumed, and is closed: {}", e.getMessage());
                dispatch.cut(subscriber);
            }
        });
        if (!queued) {
            dispatch.cut(subscriber);
        }
    }

    /**
     * Whether every change after {@code from} is still kept, so that a client that had it can
     * resume; if not (pruned, a position this database never gave, or more than {@link
     * Feed#MAX_REPLAY} changes ago), it must start over.
     */
    boolean kept(long from) {
        Database.Positions kept = database.positions();
        if (from > kept.newest() || kept.newest() - from > Feed.MAX_REPLAY) {
            return false; // a replay runs under the poller's lock: one from far back would hold every stream
        }
        return kept.oldest() == 0 || from >= kept.oldest() - 1;
    }

    /** Sends the committed changes after {@code from}; gives the last position sent. */
    long replay(Subscriber subscriber, long from) {
        long at = from;
        while (true) {
            List<Change> changes = database.changesAfter(at, BATCH);
            if (!changes.isEmpty()) {
                changes.forEach(change -> {
                    if (change.table().equals(subscriber.table().name())) {
                        dispatch.deliver(Rows.of(change, subscriber.table()), List.of(subscriber));
                    }
                });
                subscriber.sink().send();
                at = changes.get(changes.size() - 1).id();
            }
            if (changes.size() < BATCH) {
                return at;
            }
        }
    }
}
