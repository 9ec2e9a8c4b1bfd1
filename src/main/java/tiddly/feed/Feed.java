package tiddly.feed;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import tiddly.Settings;
import tiddly.sql.Database;

/**
 * The change feed of one instance: its {@link Poller} reads the outbox in id order and hands each
 * change to the subscribers of its table ({@link Dispatch}); its {@link Upkeep} sends keep-alives,
 * ends streams whose token expired and prunes changes older than the retention; a resuming stream
 * first gets the changes it missed ({@link Replay}). Subscribers are checked in memory, so a
 * change costs no query per subscriber; those whose filters ask the database (a {@code has}) are
 * served on the {@link QueryLane}, so that their queries never hold up the others.
 */
public final class Feed implements AutoCloseable {
    /**
     * The most changes a resume replays, counted in ids (which may skip numbers on PostgreSQL and
     * MariaDB, so there it may be fewer): further back it gets {@code reset}, as when they were pruned.
     */
    public static final int MAX_REPLAY = 10_000;

    private final Settings.Realtime settings;
    private final ClientStreams streams;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Replay replay;
    private final Poller poller;
    private final Upkeep upkeep;
    private boolean closed;

    private Feed(Database database, Settings.Realtime settings) {
        this.settings = settings;
        this.streams = new ClientStreams(settings.streamsPerClient(), settings.maxStreams());
        QueryLane lane = new QueryLane(settings.buffer());
        Dispatch dispatch = new Dispatch(database, subscriptions);
        this.replay = new Replay(database, lane, dispatch);
        this.poller = new Poller(database, settings, subscriptions, dispatch, replay, lane);
        this.upkeep = new Upkeep(database, settings, subscriptions, dispatch);
    }

    /**
     * Starts following the outbox from its newest change.
     *
     * @param idleTimeout how long a connection may stay silent: keep-alives come more often
     */
    public static Feed start(Database database, Settings.Realtime settings, Duration idleTimeout) {
        Feed feed = new Feed(database, settings);
        feed.poller.start();
        feed.upkeep.start(idleTimeout);
        return feed;
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
     * and all come before {@code ready}. Its stream ends when its token expires.
     */
    public void subscribe(Subscriber subscriber, OptionalLong from) {
        poller.join(subscriber, from);
        upkeep.expireInTime(subscriber);
    }

    /**
     * Whether every change after {@code from} is still kept, so that a client that had it can
     * resume; if not (pruned, a position this database never gave, or more than {@link #MAX_REPLAY}
     * changes ago), it must start over.
     */
    public boolean kept(long from) {
        return replay.kept(from);
    }

    /** Stops sending to {@code subscriber}; its stream is closed or closing. */
    public void unsubscribe(Subscriber subscriber) {
        subscriptions.unsubscribe(subscriber);
    }

    /** Changes committed that streams have not been sent yet: one read of the outbox's newest id. */
    public long lag() {
        return poller.lag();
    }

    /** Streams open now. */
    public int subscribers() {
        return subscriptions.count();
    }

    /** Ends every stream (clients reconnect, elsewhere if need be) and stops following the outbox. */
    @Override
    public synchronized void close() {
        if (closed) {
            return; // closed by the shutdown hook already
        }
        closed = true;
        poller.close();
        upkeep.close();
        subscriptions.forEach(subscriber -> subscriber.sink().end());
        subscriptions.clear();
    }
}
