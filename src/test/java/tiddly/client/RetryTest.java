package tiddly.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How long the client waits before it sends a safe request again after a 503. */
class RetryTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 12, 3, 9, 0, 0, 0, ZoneOffset.UTC);
    private final Retry retry = new Retry(4, Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void retryAfterInSecondsIsHonoured() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), retry.delay(2, Optional.of("2"), NOW));
    }

    @Test
    void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
        assertEquals(
                Optional.of(Duration.ofSeconds(3)), retry.delay(2, Optional.of("Thu, 03 Dec 2026 09:00:03 GMT"), NOW));
        assertEquals(Optional.of(Duration.ZERO), retry.delay(2, Optional.of("Thu, 03 Dec 2026 08:00:00 GMT"), NOW));
    }

    @Test
    void withoutRetryAfterTheDelayDoublesFromTheFirstDelay() {
        assertEquals(Optional.of(Duration.ofMillis(100)), retry.delay(2, Optional.empty(), NOW));
        assertEquals(Optional.of(Duration.ofMillis(200)), retry.delay(3, Optional.empty(), NOW));
        assertEquals(Optional.of(Duration.ofMillis(400)), retry.delay(4, Optional.of("soon"), NOW));
    }

    @Test
    void noDelayIsLongerThanTheBoundAndNoAttemptIsMadeBeyondTheLast() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), retry.delay(2, Optional.of("3600"), NOW));
        assertEquals(Optional.empty(), retry.delay(5, Optional.of("1"), NOW));
        assertEquals(Optional.empty(), Retry.never().delay(2, Optional.empty(), NOW));
    }
}
