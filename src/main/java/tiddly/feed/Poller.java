package tiddly.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.Settings;
import tiddly.sql.Change;
import tiddly.sql.ChangeWatch;
import tiddly.sql.Database;

/**
 * The feed's thread: reads the outbox in id order (woken at once by this instance's commits and,
 * through a {@link ChangeWatch}, by other instances' and processes'; else every {@code poll}) and
 * hands each change to the subscribers of its table, and those whose filters ask the database to
 * the {@link QueryLane}. Subscribers join under its lock, between two changes.
 */
final class Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    /** Changes read from the outbox at a time. */
    private static final int BATCH = Replay.BATCH;
    /** The poll when other instances' commits wake the feed: a lost wake-up is noticed this late. */
    private static final Duration SAFETY_POLL = Duration.ofSeconds(1);

    private final Database database;
    private final Subscriptions subscriptions;
    private final Dispatch dispatch;
    private final Replay replay;
    /** Where subscribers whose filters query the database get their events, off the poller. */
    private final QueryLane lane;
    /** Held while changes are handed out and while a subscriber joins: none joins mid-change. */
    private final Object lock = new Object();

    private final Semaphore wake = new Semaphore(0);
    private final Thread poller;
    /** The last change handed out; only the poller moves it, under {@link #lock}. */
    private volatile long position;
    /**
     * Whether changes may have been committed after {@link #position} while nobody listened, and
     * were skipped unread: the next subscriber reads the newest position first. Under {@link #lock}.
     */
    private boolean behind;

    private volatile boolean closed;
    private final ChangeWatch watch;
    /** How long the poller sleeps when nothing wakes it. */
    private final Duration poll;

    Poller(
            Database database,
            Settings.Realtime settings,
            Subscriptions subscriptions,
            Dispatch dispatch,
            Replay replay,
            QueryLane lane) {
        this.database = database;
        this.subscriptions = subscriptions;
        this.dispatch = dispatch;
        this.replay = replay;
        this.lane = lane;
        this.position = database.positions().newest();
        this.watch = database.watchChanges(wake::release);
        // with a watch that wakes it, reading the outbox on a timer is only a safety net
        this.poll = watch.wakes() ? max(settings.poll(), SAFETY_POLL) : settings.poll();
        this.poller = new Thread(this::run, "tiddly-feed");
        this.poller.setDaemon(true);
    }

    private static Duration max(Duration one, Duration other) {
        return one.compareTo(other) >= 0 ? one : other;
    }

    /** Starts following the outbox, woken by each commit of this instance. */
    void start() {
        database.afterCommit(wake::release);
        poller.start();
    }

    /**
     * Adds {@code subscriber} and sends it {@code ready}: from then on it gets every change after
     * the position {@code ready} names. With {@code from}, it first gets every change after that
     * position already committed, read again from the outbox, so that none is missed in between
     * and all come before {@code ready}.
     */
    void join(Subscriber subscriber, OptionalLong from) {
        synchronized (lock) {
            // one read of the newest position serves both a feed that was behind and a new stream
            OptionalLong newest = behind || from.isEmpty()
                    ? OptionalLong.of(database.positions().newest())
                    : OptionalLong.empty();
            if (behind) {
                position = Math.max(position, newest.getAsLong());
                behind = false;
            }
            long ready = position;
            if (from.isPresent() && subscriber.asks()) {
                // its replay queries the database: on the lane, before the changes the poller queues there next
                subscriptions.file(subscriber);
                replay.resumeOnLane(subscriber, from.getAsLong(), ready);
            } else {
                if (from.isPresent()) {
                    long seen = replay.replay(subscriber, from.getAsLong());
                    subscriber.seen(seen); // the poller may hand these out again: they are skipped
                    ready = Math.max(ready, seen);
                } else if (newest.getAsLong() > ready) {
                    // the poller may not have handed out what committed just before: a client that
                    // wrote, was answered, then subscribed must not get its own write as an event
                    subscriber.seen(newest.getAsLong());
                    ready = newest.getAsLong();
                }
                subscriptions.file(subscriber);
                subscriber.sink().offer(Event.ready(ready));
            }
        }
    }

    /** Changes committed that streams have not been sent yet: one read of the outbox's newest id. */
    long lag() {
        synchronized (lock) {
            if (behind) {
                return 0; // nobody listens
            }
        }
        return Math.max(0, database.positions().newest() - position);
    }

    private void run() {
        while (!closed) {
            try {
                wake.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                while (!closed && poll() == BATCH) {
                    // a backlog: read on at once
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("reading the outbox failed, retrying: {}", e.getMessage());
            }
        }
    }

    /**
     * Hands out the next changes; how many there were. Each stream's events of the batch are
     * queued, then sent together: one write and one flush a stream, not one each per event.
     */
    private int poll() {
        if (subscriptions.count() == 0) {
            synchronized (lock) { // nobody listens: skip what no one gets, without reading it
                if (subscriptions.count() == 0) {
                    behind = true;
                    return 0;
                }
            }
        }
        List<Change> changes = database.changesAfter(position, BATCH);
        Set<Subscriber> touched = Collections.newSetFromMap(new IdentityHashMap<>());
        synchronized (lock) {
            List<Asking> asking = new ArrayList<>();
            for (Change change : changes) {
                if (change.id() <= position) {
                    continue; // skipped ahead meanwhile
                }
                Optional<SubscriberIndex> subscribers = subscriptions.of(change.table());
                Optional<Subscriber> any =
                        subscribers.flatMap(index -> index.all().stream().findAny());
                if (any.isPresent()) {
                    Rows rows = Rows.of(change, any.get().table());
                    List<Subscriber> now = new ArrayList<>();
                    List<Subscriber> later = new ArrayList<>();
                    subscribers
                            .get()
                            .candidates(rows.before(), rows.after())
                            .forEach(subscriber -> (subscriber.asks() ? later : now).add(subscriber));
                    touched.addAll(dispatch.deliver(rows, now));
                    if (!later.isEmpty()) {
                        asking.add(new Asking(rows, later));
                    }
                }
                position = change.id();
            }
            if (!asking.isEmpty()) {
                toLane(asking); // under the lock: after any resume queued there before these changes
            }
        }
        touched.forEach(subscriber -> subscriber.sink().send());
        return changes.size();
    }

    /** A change, and the subscribers it may concern whose filters ask the database. */
    private record Asking(Rows rows, List<Subscriber> subscribers) {}

    /**
     * Hands the changes to their asking subscribers on the lane; if it is a backlog behind, cuts
     * those subscribers instead, as it cuts a client too slow to read: they resume from their last event.
     */
    private void toLane(List<Asking> asking) {
        boolean queued = lane.offer(asking.size(), () -> {
            Set<Subscriber> touched = Collections.newSetFromMap(new IdentityHashMap<>());
            asking.forEach(each -> touched.addAll(dispatch.deliver(each.rows(), each.subscribers())));
            touched.forEach(subscriber -> subscriber.sink().send());
        });
        if (!queued) {
            Set<Subscriber> cut = Collections.newSetFromMap(new IdentityHashMap<>());
            asking.forEach(each -> cut.addAll(each.subscribers()));
            cut.forEach(dispatch::cut);
        }
    }

    /** Stops following the outbox and drops the lane's waiting work; waits up to 5 s for the thread. */
    void close() {
        closed = true;
        watch.close();
        lane.close();
        wake.release();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
