package tiddly.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.Settings;
import tiddly.sql.Database;

/**
 * The feed's timer: sends keep-alives, ends streams whose token expired and prunes changes older
 * than the retention.
 */
final class Upkeep {
    private static final Logger LOG = LoggerFactory.getLogger(Upkeep.class);

    private final Database database;
    private final Settings.Realtime settings;
    private final Subscriptions subscriptions;
    private final Dispatch dispatch;
    private final ScheduledExecutorService timer;

    Upkeep(Database database, Settings.Realtime settings, Subscriptions subscriptions, Dispatch dispatch) {
        this.database = database;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.dispatch = dispatch;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tiddly-feed-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts sending keep-alives and pruning.
     *
     * @param idleTimeout how long a connection may stay silent: keep-alives come more often
     */
    void start(Duration idleTimeout) {
        long keepAlive = Math.max(100, Math.min(settings.keepAlive().toMillis(), idleTimeout.toMillis() / 2));
        timer.scheduleWithFixedDelay(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
        long prune = Math.max(1000, Math.min(settings.retention().toMillis() / 2, 60_000));
        timer.scheduleWithFixedDelay(this::prune, prune, prune, TimeUnit.MILLISECONDS);
    }

    /** Ends {@code subscriber}'s stream when its token expires, if it does. */
    void expireInTime(Subscriber subscriber) {
        subscriber.expires().ifPresent(expiry -> {
            try {
                timer.schedule(
                        () -> expire(subscriber),
                        Math.max(0, Duration.between(Instant.now(), expiry).toMillis()),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // the server stopped since the stream got ready: it ends as every stream does at shutdown
                subscriptions.unsubscribe(subscriber);
                subscriber.sink().end();
            }
        });
    }

    private void keepAlive() {
        subscriptions.forEach(subscriber -> subscriber.sink().comment("keep-alive"));
    }

    private void expire(Subscriber subscriber) {
        dispatch.expire(subscriber, "the token expired: reconnect with a new one and the last event id");
    }

    private void prune() {
        try {
            database.prune(System.currentTimeMillis() - settings.retention().toMillis());
        } catch (RuntimeException e) {
            LOG.warn("pruning the outbox failed: {}", e.getMessage());
        }
    }

    void close() {
        timer.shutdownNow();
    }
}
