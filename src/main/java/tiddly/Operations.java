package tiddly;

import java.time.Duration;
import java.util.Optional;

/**
 * The settings of running Tiddly in production, apart from the others so that they grow here:
 * see docs/operations.md.
 *
 * @param shutdownGrace how long a stopping server waits for requests in flight before it closes their connections
 * @param accessLog where the access log goes, "-" for standard output; none by default
 * @param slowQuery statements slower than this go to the slow-query log; empty: none
 */
public record Operations(Duration shutdownGrace, Optional<String> accessLog, Optional<Duration> slowQuery) {
    public static Operations defaults() {
        return new Operations(Duration.ofSeconds(20), Optional.empty(), Optional.of(Duration.ofMillis(500)));
    }

    public Operations withShutdownGrace(Duration value) {
        return new Operations(value, accessLog, slowQuery);
    }

    public Operations withAccessLog(String value) {
        return new Operations(shutdownGrace, Optional.of(value), slowQuery);
    }

    /** @param value the threshold, or empty for no slow-query log */
    public Operations withSlowQuery(Optional<Duration> value) {
        return new Operations(shutdownGrace, accessLog, value);
    }
}
