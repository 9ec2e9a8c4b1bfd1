package tiddly.sql;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The primary's WAL position as sampled by the poller over the last while: what turns a replica's
 * replayed position into a lag in time. A replica that has replayed position R misses what the
 * primary wrote since the first sample past R, so it lags by at least the time since that sample
 * (one poll interval of resolution). Samples older than the window are dropped but the newest of
 * them, so that a replica missing it still shows its whole lag.
 */
final class WalHistory implements Replica.Lag {
    private record Sample(long at, long lsn) {}

    private final long windowMillis;
    private final Deque<Sample> samples = new ArrayDeque<>();
    /** The newest sample dropped from the window, if any. */
    private Sample dropped;

    WalHistory(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    synchronized void add(long at, long lsn) {
        Sample newest = samples.peekLast();
        if (newest == null || newest.lsn != lsn) {
            samples.addLast(new Sample(at, lsn)); // the time a position was first seen is what counts
        }
        while (samples.size() > 1 && samples.peekFirst().at < at - windowMillis) {
            dropped = samples.removeFirst();
        }
    }

    /** The primary's newest sampled position, 0 before the first sample. */
    synchronized long newest() {
        Sample newest = samples.peekLast();
        return newest == null ? 0 : newest.lsn;
    }

    @Override
    public synchronized long bytes(long replayed) {
        return Math.max(0, newest() - replayed);
    }

    @Override
    public synchronized long millis(long replayed, long now) {
        if (dropped != null && dropped.lsn > replayed) {
            return Math.max(0, now - dropped.at);
        }
        for (Sample sample : samples) {
            if (sample.lsn > replayed) {
                return Math.max(0, now - sample.at);
            }
        }
        return 0;
    }
}
