package tiddly;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every setting of a Tiddly server. The command line fills it from flags and environment
 * variables; programs embedding Tiddly start from {@link #defaults()} and change what they need
 * with the with- methods. A new setting is one more record component, a with- method and its
 * default: no constructor that leaves it out (the record's own takes every setting).
 *
 * @param db a SQLite file path (created from the bundled sample when missing) or a JDBC URL
 * @param host the address to listen on
 * @param port the port, or 0 for any free one
 * @param maxLimit rows a query returns at most
 * @param maxBodyBytes the largest request body accepted
 * @param hiddenColumns column names never returned in any response
 * @param corsOrigins origins browsers may call from; "*" for any
 * @param trustProxy whether X-Forwarded-For and Forwarded are believed (only behind your own proxy)
 * @param trustedProxies with trustProxy, how many proxies in a row append to those headers: the
 *     client address is the entry that many places from the right
 * @param requireIfMatch PUT and DELETE must carry If-Match (428 without)
 * @param durability how much an acknowledged write survives
 * @param cursorSecret signs paging cursors and keys ETags; instances behind one load balancer must share it
 * @param config the security configuration file: auth and rules
 * @param allowAnonymousWrites listen on a public address with no rules (anyone may write)
 * @param anonymousReadOnly with no rules, let anonymous callers read but not write
 * @param idleTimeout how long a connection may stay silent, mid-request too, before it is closed
 * @param statementTimeout how long a statement may run before its first row (503 after)
 * @param dbSchema the PostgreSQL schema to serve
 * @param dbUser the database server's user, unless the URL names one
 * @param dbPassword the database server's password, unless the URL gives one
 * @param realtime live queries over Server-Sent Events (see docs/realtime.md)
 * @param operations health, shutdown, metrics, logs, backups: see {@link Operations}
 * @param basePath every route under this prefix ({@code /api}), or "" for the root: see docs/extending.md
 * @param replicas PostgreSQL read replicas that reads may go to: see docs/scaling.md
 */
public record Settings(
        String db,
        String host,
        int port,
        int maxLimit,
        long maxBodyBytes,
        Set<String> hiddenColumns,
        List<String> corsOrigins,
        boolean trustProxy,
        int trustedProxies,
        boolean requireIfMatch,
        Durability durability,
        String cursorSecret,
        Optional<Path> config,
        boolean allowAnonymousWrites,
        boolean anonymousReadOnly,
        Duration idleTimeout,
        Duration statementTimeout,
        String dbSchema,
        Optional<String> dbUser,
        Optional<String> dbPassword,
        Realtime realtime,
        Operations operations,
        String basePath,
        Replicas replicas) {

    /**
     * Live queries (docs/realtime.md).
     *
     * @param on every write also appends its changes to the outbox, and streams are served
     * @param retention how long changes are kept for resuming streams; older ones are pruned
     * @param keepAlive how often an idle stream gets a comment, so that proxies keep it open
     * @param buffer events a stream may have waiting for a slow client before it is closed
     * @param poll how often the outbox is read for changes made by other instances or processes
     * @param triggers PostgreSQL: install triggers that record other programs' writes too
     * @param streamsPerClient the most streams one client address may hold open (0: no bound), so
     *     that one client cannot take every file descriptor of the process
     * @param maxStreams the most streams the server holds open in all (0: no bound), so that many
     *     addresses (an IPv6 prefix holds billions) cannot either
     */
    public record Realtime(
            boolean on,
            Duration retention,
            Duration keepAlive,
            int buffer,
            Duration poll,
            boolean triggers,
            int streamsPerClient,
            int maxStreams) {
        /** The default of --realtime-streams-per-client (docs/realtime.md, "Settings"). */
        public static final int STREAMS_PER_CLIENT = 256;

        /** The default of --realtime-max-streams (docs/realtime.md, "Settings"). */
        public static final int MAX_STREAMS = 10_000;

        public static Realtime defaults() {
            return new Realtime(
                    true,
                    Duration.ofHours(1),
                    Duration.ofSeconds(15),
                    1000,
                    Duration.ofMillis(100),
                    false,
                    STREAMS_PER_CLIENT,
                    MAX_STREAMS);
        }

        public Realtime withOn(boolean value) {
            return new Realtime(value, retention, keepAlive, buffer, poll, triggers, streamsPerClient, maxStreams);
        }

        public Realtime withRetention(Duration value) {
            return new Realtime(on, value, keepAlive, buffer, poll, triggers, streamsPerClient, maxStreams);
        }

        public Realtime withKeepAlive(Duration value) {
            return new Realtime(on, retention, value, buffer, poll, triggers, streamsPerClient, maxStreams);
        }

        public Realtime withBuffer(int value) {
            return new Realtime(on, retention, keepAlive, value, poll, triggers, streamsPerClient, maxStreams);
        }

        public Realtime withPoll(Duration value) {
            return new Realtime(on, retention, keepAlive, buffer, value, triggers, streamsPerClient, maxStreams);
        }

        public Realtime withTriggers(boolean value) {
            return new Realtime(on, retention, keepAlive, buffer, poll, value, streamsPerClient, maxStreams);
        }

        public Realtime withStreamsPerClient(int value) {
            return new Realtime(on, retention, keepAlive, buffer, poll, triggers, value, maxStreams);
        }

        public Realtime withMaxStreams(int value) {
            return new Realtime(on, retention, keepAlive, buffer, poll, triggers, streamsPerClient, value);
        }
    }

    /**
     * PostgreSQL read replicas (docs/scaling.md).
     *
     * @param urls their jdbc:postgresql: URLs; none: every read goes to --db
     * @param maxLag a replica further behind the primary than this serves no reads until it catches up
     */
    public record Replicas(List<String> urls, Duration maxLag) {
        public static final Replicas NONE = new Replicas(List.of(), Duration.ofSeconds(5));

        public Replicas {
            urls = List.copyOf(urls);
        }
    }

    /** What an acknowledged write survives. */
    public enum Durability {
        /** A crash or kill -9 of the server (SQLite WAL with synchronous=NORMAL): the default. */
        NORMAL,
        /** Also a power loss or OS crash (synchronous=FULL: an fsync on every commit). */
        FULL
    }

    public Settings {
        hiddenColumns = Set.copyOf(hiddenColumns);
        corsOrigins = List.copyOf(corsOrigins);
        basePath = BasePath.normalized(basePath);
    }

    public static Settings defaults() {
        return new Settings(
                "tiddly.db",
                "127.0.0.1",
                4567,
                1000,
                1024 * 1024,
                Set.of("password", "password_hash", "secret"),
                List.of("*"),
                false,
                1,
                false,
                Durability.NORMAL,
                randomSecret(),
                Optional.empty(),
                false,
                false,
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                "public",
                Optional.empty(),
                Optional.empty(),
                Realtime.defaults(),
                Operations.defaults(),
                "",
                Replicas.NONE);
    }

    /** 256 random bits, hex: cursors then work only within this process. */
    public static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public Settings withDb(String value) {
        return edit(copy -> copy.db = value);
    }

    public Settings withHost(String value) {
        return edit(copy -> copy.host = value);
    }

    public Settings withPort(int value) {
        return edit(copy -> copy.port = value);
    }

    public Settings withMaxLimit(int value) {
        return edit(copy -> copy.maxLimit = value);
    }

    public Settings withMaxBodyBytes(long value) {
        return edit(copy -> copy.maxBodyBytes = value);
    }

    public Settings withHiddenColumns(Set<String> value) {
        return edit(copy -> copy.hiddenColumns = value);
    }

    public Settings withCorsOrigins(List<String> value) {
        return edit(copy -> copy.corsOrigins = value);
    }

    /** Believe the client address that the last {@code trustedProxies} proxies wrote (see docs/security.md). */
    public Settings withTrustProxy(boolean trust, int trustedProxies) {
        return edit(copy -> {
            copy.trustProxy = trust;
            copy.trustedProxies = trustedProxies;
        });
    }

    public Settings withRequireIfMatch(boolean value) {
        return edit(copy -> copy.requireIfMatch = value);
    }

    public Settings withDurability(Durability value) {
        return edit(copy -> copy.durability = value);
    }

    public Settings withCursorSecret(String value) {
        return edit(copy -> copy.cursorSecret = value);
    }

    public Settings withConfig(Path value) {
        return edit(copy -> copy.config = Optional.of(value));
    }

    public Settings withAnonymous(boolean writes, boolean readOnly) {
        return edit(copy -> {
            copy.allowAnonymousWrites = writes;
            copy.anonymousReadOnly = readOnly;
        });
    }

    public Settings withIdleTimeout(Duration value) {
        return edit(copy -> copy.idleTimeout = value);
    }

    public Settings withStatementTimeout(Duration value) {
        return edit(copy -> copy.statementTimeout = value);
    }

    public Settings withRealtime(Realtime value) {
        return edit(copy -> copy.realtime = value);
    }

    /** A database server's login, and for PostgreSQL the schema to serve. */
    public Settings withDbLogin(String schema, Optional<String> user, Optional<String> password) {
        return edit(copy -> {
            copy.dbSchema = schema;
            copy.dbUser = user;
            copy.dbPassword = password;
        });
    }

    public Settings withReplicas(Replicas value) {
        return edit(copy -> copy.replicas = value);
    }

    public Settings withOperations(Operations value) {
        return edit(copy -> copy.operations = value);
    }

    /**
     * Serves every route, the reserved ones too, under {@code value} ({@code /api}); "" or "/" for
     * the root. An invalid prefix is an {@link IllegalArgumentException}.
     */
    public Settings withBasePath(String value) {
        return edit(copy -> copy.basePath = value);
    }

    /** Without the secrets, which must not reach a log. */
    @Override
    public String toString() {
        return "Settings[db=" + db + ", host=" + host + ", port=" + port + ", dbSchema=" + dbSchema + "]";
    }

    private Settings edit(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.settings();
    }

    /** These settings as fields to change, for the with- methods. */
    private static final class Copy {
        String db;
        String host;
        int port;
        int maxLimit;
        long maxBodyBytes;
        Set<String> hiddenColumns;
        List<String> corsOrigins;
        boolean trustProxy;
        int trustedProxies;
        boolean requireIfMatch;
        Durability durability;
        String cursorSecret;
        Optional<Path> config;
        boolean allowAnonymousWrites;
        boolean anonymousReadOnly;
        Duration idleTimeout;
        Duration statementTimeout;
        String dbSchema;
        Optional<String> dbUser;
        Optional<String> dbPassword;
        Realtime realtime;
        Operations operations;
        String basePath;
        Replicas replicas;

        Copy(Settings settings) {
            db = settings.db;
            host = settings.host;
            port = settings.port;
            maxLimit = settings.maxLimit;
            maxBodyBytes = settings.maxBodyBytes;
            hiddenColumns = settings.hiddenColumns;
            corsOrigins = settings.corsOrigins;
            trustProxy = settings.trustProxy;
            trustedProxies = settings.trustedProxies;
            requireIfMatch = settings.requireIfMatch;
            durability = settings.durability;
            cursorSecret = settings.cursorSecret;
            config = settings.config;
            allowAnonymousWrites = settings.allowAnonymousWrites;
            anonymousReadOnly = settings.anonymousReadOnly;
            idleTimeout = settings.idleTimeout;
            statementTimeout = settings.statementTimeout;
            dbSchema = settings.dbSchema;
            dbUser = settings.dbUser;
            dbPassword = settings.dbPassword;
            realtime = settings.realtime;
            operations = settings.operations;
            basePath = settings.basePath;
            replicas = settings.replicas;
        }

        Settings settings() {
            return new Settings(
                    db,
                    host,
                    port,
                    maxLimit,
                    maxBodyBytes,
                    hiddenColumns,
                    corsOrigins,
                    trustProxy,
                    trustedProxies,
                    requireIfMatch,
                    durability,
                    cursorSecret,
                    config,
                    allowAnonymousWrites,
                    anonymousReadOnly,
                    idleTimeout,
                    statementTimeout,
                    dbSchema,
                    dbUser,
                    dbPassword,
                    realtime,
                    operations,
                    basePath,
                    replicas);
        }
    }
}
