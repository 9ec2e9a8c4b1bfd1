package tiddly;

import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The command line's flags for running in production (a mixin of {@link Cli}), into {@link Operations}. */
final class OperationOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--shutdown-grace",
            paramLabel = "SECONDS",
            defaultValue = "${env:TIDDLY_SHUTDOWN_GRACE:-20}",
            description = "On SIGTERM, wait this long for requests in flight before closing their connections."
                    + " Env TIDDLY_SHUTDOWN_GRACE. Default: ${DEFAULT-VALUE}")
    int shutdownGraceSeconds;

    @Option(
            names = "--access-log",
            paramLabel = "FILE|-",
            defaultValue = "${env:TIDDLY_ACCESS_LOG}",
            description = "Write one JSON line per request to FILE (appended), or to standard output with -."
                    + " Off by default. Env TIDDLY_ACCESS_LOG.")
    String accessLog;

    @Option(
            names = "--slow-query",
            paramLabel = "MS|off",
            defaultValue = "${env:TIDDLY_SLOW_QUERY:-500}",
            description = "Log statements slower than this many milliseconds, with their plan's advice;"
                    + " off for none. Env TIDDLY_SLOW_QUERY. Default: ${DEFAULT-VALUE}")
    String slowQuery;

    Operations operations() {
        if (shutdownGraceSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shutdown-grace must be at least 0");
        }
        Operations operations = Operations.defaults().withShutdownGrace(Duration.ofSeconds(shutdownGraceSeconds));
        if (accessLog != null && !accessLog.isBlank()) {
            operations = operations.withAccessLog(accessLog);
        }
        return operations.withSlowQuery(slowQuery());
    }

    private Optional<Duration> slowQuery() {
        if (slowQuery.equals("off")) {
            return Optional.empty();
        }
        try {
            long millis = Long.parseLong(slowQuery);
            if (millis >= 0) {
                return Optional.of(Duration.ofMillis(millis));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(), "--slow-query must be a number of milliseconds or off, not '" + slowQuery + "'");
    }
}
