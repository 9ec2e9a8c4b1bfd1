package tiddly.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.Settings;
import tiddly.schema.Table;
import tiddly.sql.Change;
import tiddly.sql.ChangeWatch;
import tiddly.sql.Database;
import tiddly.sql.Reader;
import tiddly.sql.RowCheck;

/**
 * The change feed of one instance: one poller reads the outbox in id order (woken at once by this
 * instance's commits and, through a {@link ChangeWatch}, by other instances' and processes'; else
 * every {@code poll}) and hands each
 * change to the subscribers of its table; a timer sends keep-alives, ends streams whose token
 * expired and prunes changes older than the retention. Subscribers are checked in memory, so a
 * change costs no query per subscriber; those whose filters ask the database (a {@code has}) are
 * served on the {@link QueryLane}, so that their queries never hold up the others.
 */
public final class Feed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Feed.class);
    /** Changes read from the outbox at a time. */
    private static final int BATCH = 500;
    /**
     * The most changes a resume replays, counted in ids (which may skip numbers on PostgreSQL and
     * MariaDB, so there it may be fewer): further back it gets {@code reset}, as when they were pruned.
     */
    public static final int MAX_REPLAY = 10_000;
    /** The poll when other instances' commits wake the feed: a lost wake-up is noticed this late. */
    private static final Duration SAFETY_POLL = Duration.ofSeconds(1);

    private final Database database;
    private final Settings.Realtime settings;
    private final Reader reader;
    private final RowCheck matcher = new RowCheck();
    /** Where subscribers whose filters query the database get their events, off the poller. */
    private final QueryLane lane;
    /** Held while changes are handed out and while a subscriber joins: none joins mid-change. */
    private final Object lock = new Object();

    private final Map<String, SubscriberIndex> byTable = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final Thread poller;
    private final ScheduledExecutorService timer;
    /** The last change handed out; only the poller moves it, under {@link #lock}. */
    private volatile long position;
    /**
     * Whether changes may have been committed after {@link #position} while nobody listened, and
     * were skipped unread: the next subscriber reads the newest position first. Under {@link #lock}.
     */
    private boolean behind;

    private volatile boolean closed;
    private final ClientStreams streams;
    private final ChangeWatch watch;
    /** How long the poller sleeps when nothing wakes it. */
    private final Duration poll;

    private Feed(Database database, Settings.Realtime settings) {
        this.database = database;
        this.settings = settings;
        this.reader = new Reader(database.dialect());
        this.streams = new ClientStreams(settings.streamsPerClient(), settings.maxStreams());
        this.lane = new QueryLane(settings.buffer());
        this.position = database.positions().newest();
        this.watch = database.watchChanges(wake::release);
        // with a watch that wakes it, reading the outbox on a timer is only a safety net
        this.poll = watch.wakes() ? max(settings.poll(), SAFETY_POLL) : settings.poll();
        this.poller = new Thread(this::run, "tiddly-feed");
        this.poller.setDaemon(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tiddly-feed-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts following the outbox from its newest change.
     *
     * @param idleTimeout how long a connection may stay silent: keep-alives come more often
     */
    public static Feed start(Database database, Settings.Realtime settings, Duration idleTimeout) {
        Feed feed = new Feed(database, settings);
        database.afterCommit(feed.wake::release);
        feed.poller.start();
        long keepAlive = Math.max(100, Math.min(settings.keepAlive().toMillis(), idleTimeout.toMillis() / 2));
        feed.timer.scheduleWithFixedDelay(feed::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
        long prune = Math.max(1000, Math.min(settings.retention().toMillis() / 2, 60_000));
        feed.timer.scheduleWithFixedDelay(feed::prune, prune, prune, TimeUnit.MILLISECONDS);
        return feed;
    }

    private static Duration max(Duration one, Duration other) {
        return one.compareTo(other) >= 0 ? one : other;
    }

    /** Events a stream may have waiting before it is closed. */
    public int buffer() {
        return settings.buffer();
    }

    /**
     * A slot for one more stream of the client at {@code address} (as the sign-in limit counts it),
     * or none when it already holds {@code --realtime-streams-per-client} or the server holds
     * {@code --realtime-max-streams} ({@link #full}). Run the slot's release
     * when the stream closes; running it again does nothing.
     */
    public Optional<Runnable> admit(String address) {
        return streams.admit(address);
    }

    /** The most streams one client address may hold open; 0 for no bound. */
    public int streamsPerClient() {
        return streams.perClient();
    }

    /** Whether the server holds {@code --realtime-max-streams} streams: none more is admitted. */
    public boolean full() {
        return streams.full();
    }

    /**
     * Adds {@code subscriber} and sends it {@code ready}: from then on it gets every change after
     * the position {@code ready} names. With {@code from}, it first gets every change after that
     * position already committed, read again from the outbox, so that none is missed in between
     * and all come before {@code ready}.
     */
    public void subscribe(Subscriber subscriber, OptionalLong from) {
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
                file(subscriber);
                resumeOnLane(subscriber, from.getAsLong(), ready);
            } else {
                if (from.isPresent()) {
                    long seen = replay(subscriber, from.getAsLong());
                    subscriber.seen(seen); // the poller may hand these out again: they are skipped
                    ready = Math.max(ready, seen);
                } else if (newest.getAsLong() > ready) {
                    // the poller may not have handed out what committed just before: a client that
                    // wrote, was answered, then subscribed must not get its own write as an event
                    subscriber.seen(newest.getAsLong());
                    ready = newest.getAsLong();
                }
                file(subscriber);
                subscriber.sink().offer(Event.ready(ready));
            }
        }
        subscriber.expires().ifPresent(expiry -> {
            try {
                timer.schedule(
                        () -> expire(subscriber),
                        Math.max(0, Duration.between(Instant.now(), expiry).toMillis()),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // the server stopped since the stream got ready: it ends as every stream does at shutdown
                unsubscribe(subscriber);
                subscriber.sink().end();
            }
        });
    }

    /**
     * Queues on the lane a resume of {@code subscriber}, already filed: its replay from {@code from},
     * then its {@code ready}. Under {@link #lock}, so that the changes the poller queues for it come after.
     */
    private void resumeOnLane(Subscriber subscriber, long from, long position) {
        // it holds no change in memory (its replay reads the outbox), so a backlog does not refuse it:
        // a stream cut for a backlog that resumed at once would be cut again until the lane drained
        boolean queued = lane.offer(0, () -> {
            try {
                long seen = replay(subscriber, from);
                subscriber.seen(seen);
                subscriber.sink().offer(Event.ready(Math.max(position, seen)));
            } catch (RuntimeException e) {
                LOG.warn("a stream could not be resumed, and is closed: {}", e.getMessage());
                cut(subscriber);
            }
        });
        if (!queued) {
            cut(subscriber);
        }
    }

    /** Ends a stream whose events cannot be sent; its client resumes from the last one it got. */
    private void cut(Subscriber subscriber) {
        unsubscribe(subscriber);
        subscriber.sink().end();
    }

    /**
     * Whether every change after {@code from} is still kept, so that a client that had it can
     * resume; if not (pruned, a position this database never gave, or more than {@link #MAX_REPLAY}
     * changes ago), it must start over.
     */
    public boolean kept(long from) {
        Database.Positions kept = database.positions();
        if (from > kept.newest() || kept.newest() - from > MAX_REPLAY) {
            return false; // a replay runs under the lock: one from far back would hold every stream
        }
        return kept.oldest() == 0 || from >= kept.oldest() - 1;
    }

    /** Sends the committed changes after {@code from}; gives the last position sent. */
    private long replay(Subscriber subscriber, long from) {
        long at = from;
        while (true) {
            List<Change> changes = database.changesAfter(at, BATCH);
            if (!changes.isEmpty()) {
                changes.forEach(change -> {
                    if (change.table().equals(subscriber.table().name())) {
                        deliver(Rows.of(change, subscriber.table()), List.of(subscriber));
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

    /** Stops sending to {@code subscriber}; its stream is closed or closing. */
    /** Files {@code subscriber} with its table's, so that the poller hands it that table's changes. */
    private void file(Subscriber subscriber) {
        byTable.computeIfAbsent(subscriber.table().name(), name -> new SubscriberIndex())
                .add(subscriber);
    }

    public void unsubscribe(Subscriber subscriber) {
        SubscriberIndex subscribers = byTable.get(subscriber.table().name());
        if (subscribers != null) {
            subscribers.remove(subscriber);
        }
    }

    /** Changes committed that streams have not been sent yet: one read of the outbox's newest id. */
    public long lag() {
        synchronized (lock) {
            if (behind) {
                return 0; // nobody listens
            }
        }
        return Math.max(0, database.positions().newest() - position);
    }

    /** Streams open now. */
    public int subscribers() {
        return byTable.values().stream().mapToInt(SubscriberIndex::size).sum();
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
        if (subscribers() == 0) {
            synchronized (lock) { // nobody listens: skip what no one gets, without reading it
                if (subscribers() == 0) {
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
                SubscriberIndex subscribers = byTable.get(change.table());
                Optional<Subscriber> any = subscribers == null
                        ? Optional.empty()
                        : subscribers.all().stream().findAny();
                if (any.isPresent()) {
                    Rows rows = Rows.of(change, any.get().table());
                    List<Subscriber> now = new ArrayList<>();
                    List<Subscriber> later = new ArrayList<>();
                    subscribers
                            .candidates(rows.before(), rows.after())
                            .forEach(subscriber -> (subscriber.asks() ? later : now).add(subscriber));
                    touched.addAll(deliver(rows, now));
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
            asking.forEach(each -> touched.addAll(deliver(each.rows(), each.subscribers())));
            touched.forEach(subscriber -> subscriber.sink().send());
        });
        if (!queued) {
            Set<Subscriber> cut = Collections.newSetFromMap(new IdentityHashMap<>());
            asking.forEach(each -> cut.addAll(each.subscribers()));
            cut.forEach(this::cut);
        }
    }

    /** A change with its rows before and after, read with its table's columns (decoded once for all subscribers). */
    private record Rows(Change change, Optional<Map<String, Object>> before, Optional<Map<String, Object>> after) {
        static Rows of(Change change, Table table) {
            return new Rows(
                    change,
                    change.before().map(json -> RowReader.read(json, table)),
                    change.after().map(json -> RowReader.read(json, table)));
        }
    }

    /** Queues the change's events for {@code candidates}; gives those that got one (or were closed meanwhile). */
    private List<Subscriber> deliver(Rows rows, List<Subscriber> candidates) {
        Change change = rows.change();
        Optional<Map<String, Object>> before = rows.before();
        Optional<Map<String, Object>> after = rows.after();
        ChangeReads reads = new ChangeReads(database, reader);
        List<Subscriber> touched = new ArrayList<>();
        for (Subscriber subscriber : candidates) {
            try {
                switch (subscriber.deliver(change, before, after, matcher, reads)) {
                    case QUEUED -> touched.add(subscriber);
                    case CLOSED -> unsubscribe(subscriber);
                    case REVOKED ->
                        expire( // revoked since the stream opened: no more rows for it
                                subscriber,
                                "the token was revoked: its user was deleted, or their password or role changed;"
                                        + " sign in again and reconnect with the last event id");
                    case NONE -> {}
                }
            } catch (RuntimeException e) {
                LOG.warn("a change could not be checked for a stream, which is closed: {}", e.getMessage());
                unsubscribe(subscriber);
                subscriber.sink().end();
            }
        }
        return touched;
    }

    private void keepAlive() {
        byTable.values()
                .forEach(subscribers -> subscribers
                        .all()
                        .forEach(subscriber -> subscriber.sink().comment("keep-alive")));
    }

    private void expire(Subscriber subscriber) {
        expire(subscriber, "the token expired: reconnect with a new one and the last event id");
    }

    private void expire(Subscriber subscriber, String why) {
        unsubscribe(subscriber);
        subscriber.sink().offer(new Event("auth_expired", Optional.empty(), Map.of("error", why)));
        subscriber.sink().end();
    }

    private void prune() {
        try {
            database.prune(System.currentTimeMillis() - settings.retention().toMillis());
        } catch (RuntimeException e) {
            LOG.warn("pruning the outbox failed: {}", e.getMessage());
        }
    }

    /** Ends every stream (clients reconnect, elsewhere if need be) and stops following the outbox. */
    @Override
    public synchronized void close() {
        if (closed) {
            return; // closed by the shutdown hook already
        }
        closed = true;
        watch.close();
        lane.close();
        wake.release();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        byTable.values()
                .forEach(subscribers -> subscribers
                        .all()
                        .forEach(subscriber -> subscriber.sink().end()));
        byTable.clear();
    }
}
