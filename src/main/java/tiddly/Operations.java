package tiddly;

import java.time.Duration;

/**
 * The settings of running Tiddly in production, apart from the others so that they grow here:
 * see docs/operations.md.
 *
 * @param shutdownGrace how long a stopping server waits for requests in flight before it closes their connections
 */
public record Operations(Duration shutdownGrace) {
    public static Operations defaults() {
        return new Operations(Duration.ofSeconds(20));
    }

    public Operations withShutdownGrace(Duration value) {
        return new Operations(value);
    }
}
