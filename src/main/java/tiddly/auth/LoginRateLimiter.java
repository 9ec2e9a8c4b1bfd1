package tiddly.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import tiddly.StartupException;

/**
 * Sign-in attempts per client address: a fixed one-minute window each, in memory. At most
 * {@code maxAddresses} windows are kept, oldest first out, so a flood of addresses cannot
 * exhaust memory (it can only forget the oldest counts early).
 */
final class LoginRateLimiter {
    static final int MAX_ADDRESSES = 10_000;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    /** Attempts counted since {@code start}. */
    private static final class Window {
        private final Instant start;
        private int attempts;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final int perMinute;
    private final int maxAddresses;
    private final Clock clock;
    // In order of each window's start: the expired ones are always at the head.
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

    LoginRateLimiter(int perMinute, int maxAddresses, Clock clock) {
        if (perMinute < 1) {
            throw new StartupException("auth.login_attempts_per_minute must be at least 1");
        }
        this.perMinute = perMinute;
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    /** Counts one attempt from {@code address}, or throws a 429 when its minute's attempts are used up. */
    synchronized void attempt(String address) {
        Instant now = clock.instant();
        forgetExpired(now);
        Window window = windows.get(address);
        if (window == null) {
            if (windows.size() >= maxAddresses) {
                Iterator<Map.Entry<String, Window>> oldest = windows.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
            window = new Window(now);
            windows.put(address, window);
        }
        if (window.attempts >= perMinute) {
            long millis = Duration.between(now, window.start.plus(WINDOW)).toMillis();
            throw new TooManyAttemptsException(Math.max(1, (millis + 999) / 1000));
        }
        window.attempts++;
    }

    /** Takes back one attempt of {@code address}: it signed in. */
    synchronized void forgive(String address) {
        Window window = windows.get(address);
        if (window != null && window.attempts > 0) {
            window.attempts--;
        }
    }

    int perMinute() {
        return perMinute;
    }

    /** How many addresses are being counted now. */
    synchronized int size() {
        return windows.size();
    }

    private void forgetExpired(Instant now) {
        Iterator<Window> iterator = windows.values().iterator();
        while (iterator.hasNext()) {
            if (iterator.next().start.plus(WINDOW).isAfter(now)) {
                return;
            }
            iterator.remove();
        }
    }
}
