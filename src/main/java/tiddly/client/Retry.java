package tiddly.client;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a request that got a 503, or no answer, is sent again: at most {@code attempts} times in
 * all, after the answer's {@code Retry-After} (seconds or an HTTP date) or, without one, after
 * {@code firstDelay} doubled on each retry; never after more than {@code maxDelay}. Safe requests
 * (GET, QUERY) and writes are sent again; a write keeps its {@code Idempotency-Key}, so the server
 * applies it once even when the lost answer was a success. Sign-ins are never sent twice.
 */
public record Retry(int attempts, Duration firstDelay, Duration maxDelay) {
    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
    }

    /** Three attempts, 200 ms then 400 ms apart without Retry-After, at most 5 s apart. */
    public static Retry defaults() {
        return new Retry(3, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** One attempt: a 503 is thrown at once. */
    public static Retry never() {
        return new Retry(1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * How long to wait before attempt {@code next} (2 for the first retry), or empty when no
     * attempt is left. {@code retryAfter} is the 503's header, if it had one; {@code now} reads
     * an HTTP date.
     */
    Optional<Duration> delay(int next, Optional<String> retryAfter, ZonedDateTime now) {
        if (next > attempts) {
            return Optional.empty();
        }
        Duration wanted = retryAfter
                .flatMap(header -> parse(header, now))
                .orElse(firstDelay.multipliedBy(1L << Math.min(next - 2, 20)));
        return Optional.of(wanted.compareTo(maxDelay) > 0 ? maxDelay : wanted);
    }

    private static Optional<Duration> parse(String header, ZonedDateTime now) {
        String value = header.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(now, at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
