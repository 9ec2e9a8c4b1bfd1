package tiddly;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tiddly.auth.Secrets;

/** The command line: flags, each with an environment variable, into {@link Settings}. */
@Command(
        name = "tiddly",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        sortOptions = false,
        subcommands = {SearchIndexCommand.class},
        description = "Serves a database's tables as a JSON API. Each option can also be set with the"
                + " environment variable shown.")
final class Cli implements Callable<Integer> {
    @Option(
            names = "--db",
            paramLabel = "PATH|URL",
            defaultValue = "${env:TIDDLY_DB:-tiddly.db}",
            description =
                    "SQLite file (created from the bundled sample when missing), or a JDBC URL:"
                            + " jdbc:sqlite:, jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:. Env TIDDLY_DB. Default: ${DEFAULT-VALUE}")
    String db;

    @Option(
            names = "--schema",
            paramLabel = "NAME",
            defaultValue = "${env:TIDDLY_SCHEMA:-public}",
            description = "PostgreSQL: the schema to serve. Env TIDDLY_SCHEMA. Default: ${DEFAULT-VALUE}")
    String schema;

    @Option(
            names = "--db-user",
            paramLabel = "NAME",
            defaultValue = "${env:TIDDLY_DB_USER}",
            description = "Database server user, unless the URL names one. Env TIDDLY_DB_USER.")
    String dbUser;

    @Option(
            names = "--db-password",
            paramLabel = "SECRET",
            defaultValue = "${env:TIDDLY_DB_PASSWORD}",
            description = "Database server password; prefer the env TIDDLY_DB_PASSWORD, which ps does not show.")
    String dbPassword;

    @Option(
            names = "--db-replicas",
            paramLabel = "URLS",
            // a URL's own commas separate hosts of one server (h1:5432,h2:5432): split before a scheme only
            split = ",(?=[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z/])",
            splitSynopsisLabel = ",", // --help shows the comma, not the regex
            defaultValue = "${env:TIDDLY_DB_REPLICAS}",
            description = "PostgreSQL read replicas, comma-separated jdbc:postgresql: URLs: reads go to one that has"
                    + " replayed this instance's writes (docs/scaling.md). Env TIDDLY_DB_REPLICAS.")
    List<String> dbReplicas;

    @Option(
            names = "--db-replica-max-lag",
            paramLabel = "SECONDS",
            defaultValue = "${env:TIDDLY_DB_REPLICA_MAX_LAG:-5}",
            description = "A replica further behind the primary serves no reads until it catches up."
                    + " Env TIDDLY_DB_REPLICA_MAX_LAG. Default: ${DEFAULT-VALUE}")
    int dbReplicaMaxLagSeconds;

    @Option(
            names = "--host",
            defaultValue = "${env:TIDDLY_HOST:-127.0.0.1}",
            description = "Address to listen on. Env TIDDLY_HOST. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(
            names = "--port",
            defaultValue = "${env:TIDDLY_PORT:-4567}",
            description = "Port to listen on; 0 picks a free one. Env TIDDLY_PORT. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(
            names = "--max-limit",
            paramLabel = "ROWS",
            defaultValue = "${env:TIDDLY_MAX_LIMIT:-1000}",
            description = "Most rows one query returns. Env TIDDLY_MAX_LIMIT. Default: ${DEFAULT-VALUE}")
    int maxLimit;

    @Option(
            names = "--max-body",
            paramLabel = "BYTES",
            defaultValue = "${env:TIDDLY_MAX_BODY:-1048576}",
            description = "Largest request body accepted. Env TIDDLY_MAX_BODY. Default: ${DEFAULT-VALUE}")
    long maxBody;

    @Option(
            names = "--hidden-columns",
            paramLabel = "NAMES",
            split = ",",
            defaultValue = "${env:TIDDLY_HIDDEN_COLUMNS:-password,password_hash,secret}",
            description =
                    "Columns never returned, comma-separated. Env TIDDLY_HIDDEN_COLUMNS. Default: ${DEFAULT-VALUE}")
    List<String> hiddenColumns;

    @Option(
            names = "--cors-origins",
            paramLabel = "ORIGINS",
            split = ",",
            defaultValue = "${env:TIDDLY_CORS_ORIGINS:-*}",
            description = "Origins browsers may call from, comma-separated; * for any. Env TIDDLY_CORS_ORIGINS."
                    + " Default: ${DEFAULT-VALUE}")
    List<String> corsOrigins;

    @Option(
            names = "--trust-proxy",
            defaultValue = "${env:TIDDLY_TRUST_PROXY:-false}",
            description = "Take the client address from X-Forwarded-For or Forwarded (only behind your own proxy)."
                    + " Env TIDDLY_TRUST_PROXY.")
    boolean trustProxy;

    @Option(
            names = "--trusted-proxies",
            paramLabel = "N",
            defaultValue = "${env:TIDDLY_TRUSTED_PROXIES:-1}",
            description = "With --trust-proxy: how many proxies in a row add to X-Forwarded-For; the client address"
                    + " is the entry N places from the right. Env TIDDLY_TRUSTED_PROXIES. Default: ${DEFAULT-VALUE}")
    int trustedProxies;

    @Option(
            names = "--require-if-match",
            defaultValue = "${env:TIDDLY_REQUIRE_IF_MATCH:-false}",
            description = "PUT and DELETE must send If-Match with the row's ETag (428 without)."
                    + " Env TIDDLY_REQUIRE_IF_MATCH.")
    boolean requireIfMatch;

    @Option(
            names = "--durability",
            paramLabel = "LEVEL",
            defaultValue = "${env:TIDDLY_DURABILITY:-normal}",
            converter = DurabilityConverter.class,
            description = "normal: acknowledged writes survive a crash or kill -9 of the server; full: also a power"
                    + " loss (slower writes). Env TIDDLY_DURABILITY. Default: ${DEFAULT-VALUE}")
    Settings.Durability durability;

    @Option(
            names = "--cursor-secret",
            paramLabel = "SECRET",
            defaultValue = "${env:TIDDLY_CURSOR_SECRET}",
            description =
                    "Signs paging cursors and keys ETags; give every instance behind one load balancer the same one."
                            + " Env TIDDLY_CURSOR_SECRET. Default: random at each start.")
    String cursorSecret;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "${env:TIDDLY_CONFIG}",
            description = "Security configuration: auth and rules (JSON with comments; see docs/security.md)."
                    + " Env TIDDLY_CONFIG.")
    Path config;

    @Option(
            names = "--allow-anonymous-writes",
            defaultValue = "${env:TIDDLY_ALLOW_ANONYMOUS_WRITES:-false}",
            description = "Listen on a non-loopback address with no rules: anyone may read and write."
                    + " Env TIDDLY_ALLOW_ANONYMOUS_WRITES.")
    boolean allowAnonymousWrites;

    @Option(
            names = "--anonymous-read-only",
            defaultValue = "${env:TIDDLY_ANONYMOUS_READ_ONLY:-false}",
            description = "With no rules, anonymous callers may read but not write. Env TIDDLY_ANONYMOUS_READ_ONLY.")
    boolean anonymousReadOnly;

    @Option(
            names = "--idle-timeout",
            paramLabel = "SECONDS",
            defaultValue = "${env:TIDDLY_IDLE_TIMEOUT:-30}",
            description = "Close a connection silent this long, mid-request too. Env TIDDLY_IDLE_TIMEOUT."
                    + " Default: ${DEFAULT-VALUE}")
    int idleTimeoutSeconds;

    @Option(
            names = "--statement-timeout",
            paramLabel = "SECONDS",
            defaultValue = "${env:TIDDLY_STATEMENT_TIMEOUT:-10}",
            description =
                    "Stop a query that runs this long before its first row, or then finding its next row (503). Env TIDDLY_STATEMENT_TIMEOUT."
                            + " Default: ${DEFAULT-VALUE}")
    int statementTimeoutSeconds;

    @Option(
            names = "--realtime",
            paramLabel = "on|off",
            defaultValue = "${env:TIDDLY_REALTIME:-on}",
            description = "on: every write also records its changes for live queries (text/event-stream); off: no"
                    + " outbox, no streams. Env TIDDLY_REALTIME. Default: ${DEFAULT-VALUE}")
    String realtime;

    @Option(
            names = "--realtime-retention",
            paramLabel = "MINUTES",
            defaultValue = "${env:TIDDLY_REALTIME_RETENTION:-60}",
            description = "How long changes are kept for streams to resume from (Last-Event-ID)."
                    + " Env TIDDLY_REALTIME_RETENTION. Default: ${DEFAULT-VALUE}")
    int realtimeRetentionMinutes;

    @Option(
            names = "--realtime-triggers",
            defaultValue = "${env:TIDDLY_REALTIME_TRIGGERS:-false}",
            description = "PostgreSQL: install triggers on every served table with a primary key so that writes"
                    + " by other programs (plain SQL) reach live queries too. Env TIDDLY_REALTIME_TRIGGERS.")
    boolean realtimeTriggers;

    @Option(
            names = "--realtime-streams-per-client",
            paramLabel = "N",
            defaultValue = "${env:TIDDLY_REALTIME_STREAMS_PER_CLIENT:-256}",
            description = "The most live-query streams one client address may hold open (0: no bound); behind a"
                    + " proxy, give --trust-proxy so that each client counts alone."
                    + " Env TIDDLY_REALTIME_STREAMS_PER_CLIENT. Default: ${DEFAULT-VALUE}")
    int realtimeStreamsPerClient;

    @Option(
            names = "--realtime-max-streams",
            paramLabel = "N",
            defaultValue = "${env:TIDDLY_REALTIME_MAX_STREAMS:-10000}",
            description =
                    "The most live-query streams the server holds open in all (0: no bound); one more is"
                            + " a 503 that another instance may serve. Env TIDDLY_REALTIME_MAX_STREAMS. Default: ${DEFAULT-VALUE}")
    int realtimeMaxStreams;

    @Option(
            names = "--base-path",
            paramLabel = "PATH",
            defaultValue = "${env:TIDDLY_BASE_PATH:-}",
            description = "Serve every route, the reserved ones too, under this prefix, like /api (docs/extending.md)."
                    + " Env TIDDLY_BASE_PATH. Default: the root")
    String basePath;

    /** Health, shutdown, metrics, logs: see docs/operations.md. */
    @Mixin
    OperationOptions operations;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port must be between 0 and 65535");
        }
        if (maxLimit < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--max-limit must be at least 1");
        }
        if (cursorSecret != null && cursorSecret.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--cursor-secret must not be empty");
        }
        if (cursorSecret != null) {
            // It keys ETags over hidden columns too: a known one lets a reader test guesses offline.
            if (cursorSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
                throw new StartupException(
                        "--cursor-secret is shorter than 32 bytes: it needs at least 256 random bits");
            }
            Secrets.checkSecret("--cursor-secret", cursorSecret);
        }
        if (statementTimeoutSeconds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--statement-timeout must be at least 1");
        }
        if (idleTimeoutSeconds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--idle-timeout must be at least 1");
        }
        if (trustedProxies < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--trusted-proxies must be at least 1");
        }
        if (trustedProxies != 1 && !trustProxy) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--trusted-proxies needs --trust-proxy: without it no header is believed");
        }
        if (!realtime.equals("on") && !realtime.equals("off")) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--realtime must be on or off, not '" + realtime + "'");
        }
        if (realtimeRetentionMinutes < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--realtime-retention must be at least 1");
        }
        if (realtimeStreamsPerClient < 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--realtime-streams-per-client must be 0 (no bound) or more");
        }
        if (realtimeMaxStreams < 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--realtime-max-streams must be 0 (no bound) or more");
        }
        List<String> replicas = replicas();
        if (maxBody < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--max-body must be at least 1");
        }
        Settings settings = Settings.defaults()
                .withDb(db)
                .withHost(host)
                .withPort(port)
                .withMaxLimit(maxLimit)
                .withMaxBodyBytes(maxBody)
                .withHiddenColumns(Set.copyOf(hiddenColumns))
                .withCorsOrigins(corsOrigins)
                .withTrustProxy(trustProxy, trustedProxies)
                .withRequireIfMatch(requireIfMatch)
                .withDurability(durability)
                .withCursorSecret(cursorSecret == null ? Settings.randomSecret() : cursorSecret)
                .withAnonymous(allowAnonymousWrites, anonymousReadOnly)
                .withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
                .withStatementTimeout(Duration.ofSeconds(statementTimeoutSeconds))
                .withDbLogin(schema, Optional.ofNullable(dbUser), Optional.ofNullable(dbPassword));
        if (config != null) {
            settings = settings.withConfig(config);
        }
        settings = settings.withRealtime(Settings.Realtime.defaults()
                        .withOn(realtime.equals("on"))
                        .withRetention(Duration.ofMinutes(realtimeRetentionMinutes))
                        .withTriggers(realtimeTriggers)
                        .withStreamsPerClient(realtimeStreamsPerClient)
                        .withMaxStreams(realtimeMaxStreams))
                .withOperations(operations.operations())
                .withReplicas(new Settings.Replicas(replicas, Duration.ofSeconds(dbReplicaMaxLagSeconds)));
        try {
            settings = settings.withBasePath(basePath == null ? "" : basePath);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--base-path: " + e.getMessage());
        }
        Tiddly tiddly = Tiddly.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(tiddly), "tiddly-shutdown"));
        return 0;
    }

    /** --db-replicas, checked: PostgreSQL URLs, for a PostgreSQL --db. */
    private List<String> replicas() {
        List<String> urls = dbReplicas == null
                ? List.of()
                : dbReplicas.stream()
                        .map(String::strip)
                        .filter(url -> !url.isEmpty())
                        .distinct()
                        .toList();
        for (String url : urls) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this),
                        "--db-replicas: '" + tiddly.sql.Database.withoutPassword(url)
                                + "' is not a jdbc:postgresql: URL");
            }
        }
        if (!urls.isEmpty() && !db.startsWith("jdbc:postgresql:")) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--db-replicas needs a PostgreSQL --db (jdbc:postgresql:)");
        }
        if (dbReplicaMaxLagSeconds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--db-replica-max-lag must be at least 1");
        }
        return urls;
    }

    /**
     * SIGTERM or SIGINT: a graceful stop (see {@link Tiddly#close}), then exit status 0; the JVM
     * would say 143 for a SIGTERM, which service managers take for a failure. A stop that fails
     * leaves the JVM's own status.
     */
    private static void stop(Tiddly tiddly) {
        tiddly.close();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    /** Parses and runs; returns the exit status: 0 serving, 1 cannot start, 2 bad usage. */
    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Cli());
        HelpSections.install(commandLine);
        commandLine.addSubcommand("backup", new BackupCommand()); // docs/operations.md
        commandLine.addSubcommand("import", new ImportCommand());
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            System.err.println("tiddly: " + error.getMessage() + " (see --help)");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((error, command, parsed) -> {
            if (error instanceof CommandLine.ParameterException parameter) {
                System.err.println("tiddly: " + parameter.getMessage() + " (see --help)");
                return 2;
            }
            if (error instanceof StartupException startup) {
                System.err.println("tiddly: " + startup.getMessage());
                return 1;
            }
            throw error;
        });
        return commandLine.execute(args);
    }

    static final class DurabilityConverter implements CommandLine.ITypeConverter<Settings.Durability> {
        @Override
        public Settings.Durability convert(String value) {
            return switch (value) {
                case "normal" -> Settings.Durability.NORMAL;
                case "full" -> Settings.Durability.FULL;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not normal or full");
            };
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tiddly " + Tiddly.version()};
        }
    }
}
