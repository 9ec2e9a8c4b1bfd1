package tiddly.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs when the server begins to stop, right after {@code /_ready} turns 503 and before
 * Jetty waits for the requests in flight: the place for long-lived responses (streams) to end
 * themselves cleanly, since the grace period would otherwise run out on them. A hook should only
 * signal its streams to end and return; it runs on the stopping thread.
 */
public final class ShutdownHooks {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHooks.class);

    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private volatile boolean begun;

    /** Undoes a registration, for a stream that ended by itself. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs {@code hook} when the server begins to stop; at once if it already has. */
    public Registration add(Runnable hook) {
        hooks.add(hook);
        if (begun && hooks.remove(hook)) {
            run(hook);
        }
        return () -> hooks.remove(hook);
    }

    /** Whether the server is stopping. */
    boolean begun() {
        return begun;
    }

    /** Marks the server stopping and runs every hook once, in the order they were added. */
    void begin() {
        begun = true;
        for (Runnable hook : hooks) {
            if (hooks.remove(hook)) {
                run(hook);
            }
        }
    }

    private static void run(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.error("a shutdown hook failed; stopping all the same", e);
        }
    }
}
