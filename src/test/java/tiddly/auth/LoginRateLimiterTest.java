package tiddly.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tiddly.StartupException;

class LoginRateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));

    @Test
    void eachAddressHasItsAttemptsPerMinute() {
        LoginRateLimiter limiter = new LoginRateLimiter(3, 100, clock);
        for (int i = 0; i < 3; i++) {
            limiter.attempt("10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(20));
        TooManyAttemptsException refused =
                assertThrows(TooManyAttemptsException.class, () -> limiter.attempt("10.0.0.1"));
        assertEquals(429, refused.status());
        assertEquals("too_many_requests", refused.code());
        assertEquals("40", refused.headers().get("Retry-After"));
        assertEquals("too many sign-in attempts from this address; try again in 40 seconds", refused.getMessage());
        limiter.attempt("10.0.0.2"); // another address is not held back

        clock.advance(Duration.ofSeconds(40));
        limiter.attempt("10.0.0.1"); // a new minute
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        LoginRateLimiter limiter = new LoginRateLimiter(1, 100, clock);
        limiter.attempt("a");
        clock.advance(Duration.ofMillis(59_999));
        assertEquals(
                "1",
                assertThrows(TooManyAttemptsException.class, () -> limiter.attempt("a"))
                        .headers()
                        .get("Retry-After"));
    }

    @Test
    void memoryIsBoundedByForgettingTheOldestAddresses() {
        LoginRateLimiter limiter = new LoginRateLimiter(1, 3, clock);
        for (int i = 0; i < 10; i++) {
            limiter.attempt("10.0.0." + i);
        }
        assertEquals(3, limiter.size());
        assertThrows(TooManyAttemptsException.class, () -> limiter.attempt("10.0.0.9"));
        clock.advance(Duration.ofMinutes(1));
        limiter.attempt("10.0.0.9");
        assertEquals(1, limiter.size(), "expired windows are dropped");
    }

    @Test
    void fewerThanOneAttemptPerMinuteRefusesToStart() {
        assertThrows(StartupException.class, () -> new LoginRateLimiter(0, 100, clock));
    }
}
