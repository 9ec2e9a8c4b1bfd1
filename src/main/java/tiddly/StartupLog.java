package tiddly;

import java.util.Locale;

/** The start-up log's line of limits and operations, beside the version, database and security mode. */
final class StartupLog {
    private StartupLog() {}

    /**
     * "limits: 1000 rows per query, 1048576-byte bodies, 10 s statement timeout, 30 s idle timeout;
     * durability normal; shutdown grace 20 s; access log off; slow queries over 500 ms".
     */
    static String limits(Settings settings) {
        Operations operations = settings.operations();
        return "limits: " + settings.maxLimit() + " rows per query, " + settings.maxBodyBytes() + "-byte bodies, "
                + seconds(settings.statementTimeout()) + " statement timeout, " + seconds(settings.idleTimeout())
                + " idle timeout; durability " + settings.durability().name().toLowerCase(Locale.ROOT)
                + "; shutdown grace " + seconds(operations.shutdownGrace()) + "; access log "
                + operations
                        .accessLog()
                        .map(target -> target.equals("-") ? "stdout" : target)
                        .orElse("off");
    }

    private static String seconds(java.time.Duration duration) {
        return duration.toSeconds() + " s";
    }
}
