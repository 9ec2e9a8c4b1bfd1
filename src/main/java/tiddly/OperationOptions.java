package tiddly;

import java.time.Duration;
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

    Operations operations() {
        if (shutdownGraceSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shutdown-grace must be at least 0");
        }
        Operations operations = Operations.defaults().withShutdownGrace(Duration.ofSeconds(shutdownGraceSeconds));
        if (accessLog != null && !accessLog.isBlank()) {
            operations = operations.withAccessLog(accessLog);
        }
        return operations;
    }
}
