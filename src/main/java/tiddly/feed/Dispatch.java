package tiddly.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.sql.Change;
import tiddly.sql.Database;
import tiddly.sql.Reader;
import tiddly.sql.RowCheck;

/**
 * Hands a change to the subscribers it may concern, each checking it against its filter and rules,
 * and ends the streams that can take no more: closed, cut, or whose token expired or was revoked.
 */
final class Dispatch {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);

    private final Database database;
    private final Reader reader;
    private final RowCheck matcher = new RowCheck();
    private final Subscriptions subscriptions;

    Dispatch(Database database, Subscriptions subscriptions) {
        this.database = database;
        this.reader = new Reader(database.dialect());
        this.subscriptions = subscriptions;
    }

    /** Queues the change's events for {@code candidates}; gives those that got one (or were closed meanwhile). */
    List<Subscriber> deliver(Rows rows, List<Subscriber> candidates) {
        Change change = rows.change();
        Optional<Map<String, Object>> before = rows.before();
        Optional<Map<String, Object>> after = rows.after();
        ChangeReads reads = new ChangeReads(database, reader);
        List<Subscriber> touched = new ArrayList<>();
        for (Subscriber subscriber : candidates) {
            try {
                switch (subscriber.deliver(change, before, after, matcher, reads)) {
                    case QUEUED -> touched.add(subscriber);
                    case CLOSED -> subscriptions.unsubscribe(subscriber);
                    case REVOKED ->
                        expire( // revoked since the stream opened: no more rows for it
                                subscriber,
                                "the token was revoked: its user was deleted, or their password or role changed;"
                                        + " sign in again and reconnect with the last event id");
                    case NONE -> {}
                }
            } catch (RuntimeException e) {
                LOG.warn("a change could not be checked for a stream, which is closed: {}", e.getMessage());
                subscriptions.unsubscribe(subscriber);
                subscriber.sink().end();
            }
        }
        return touched;
    }

    /** Ends a stream whose events cannot be sent; its client resumes from the last one it got. */
    void cut(Subscriber subscriber) {
        subscriptions.unsubscribe(subscriber);
        subscriber.sink().end();
    }

    /** Ends a stream whose token no longer holds, saying {@code why} in an {@code auth_expired} event. */
    void expire(Subscriber subscriber, String why) {
        subscriptions.unsubscribe(subscriber);
        subscriber.sink().offer(new Event("auth_expired", Optional.empty(), Map.of("error", why)));
        subscriber.sink().end();
    }
}
