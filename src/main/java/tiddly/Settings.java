package tiddly;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of a Tiddly server. The command line fills it from flags and environment
 * variables; programs embedding Tiddly start from {@link #defaults()} and change what they need.
 *
 * @param db a SQLite file path (created from the bundled sample when missing) or a JDBC URL
 * @param host the address to listen on
 * @param port the port, or 0 for any free one
 * @param maxLimit rows a query returns at most
 * @param maxBodyBytes the largest request body accepted
 * @param hiddenColumns column names never returned in any response
 * @param corsOrigins origins browsers may call from; "*" for any
 * @param trustProxy whether X-Forwarded-* headers are believed (only behind your own proxy)
 * @param requireIfMatch PUT and DELETE must carry If-Match (428 without)
 * @param durability how much an acknowledged write survives
 * @param cursorSecret signs paging cursors; instances behind one load balancer must share it
 * @param config the security configuration file: auth and rules
 * @param allowAnonymousWrites listen on a public address with no rules (anyone may write)
 * @param anonymousReadOnly with no rules, let anonymous callers read but not write
 * @param idleTimeout how long a connection may stay silent, mid-request too, before it is closed
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
        boolean requireIfMatch,
        Durability durability,
        String cursorSecret,
        Optional<Path> config,
        boolean allowAnonymousWrites,
        boolean anonymousReadOnly,
        Duration idleTimeout) {

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
    }

    public static Settings defaults() {
        return new Settings(
                "tiddly.db", "127.0.0.1", 4567, 1000, 1024 * 1024,
                Set.of("password", "password_hash", "secret"), List.of("*"), false, false, Durability.NORMAL,
                randomSecret(), Optional.empty(), false, false, Duration.ofSeconds(30));
    }

    /** 256 random bits, hex: cursors then work only within this process. */
    public static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public Settings withDb(String value) {
        return new Settings(value, host, port, maxLimit, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy,
                requireIfMatch, durability, cursorSecret, config, allowAnonymousWrites, anonymousReadOnly, idleTimeout);
    }

    public Settings withPort(int value) {
        return new Settings(db, host, value, maxLimit, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy,
                requireIfMatch, durability, cursorSecret, config, allowAnonymousWrites, anonymousReadOnly, idleTimeout);
    }

    public Settings withMaxLimit(int value) {
        return new Settings(db, host, port, value, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy,
                requireIfMatch, durability, cursorSecret, config, allowAnonymousWrites, anonymousReadOnly, idleTimeout);
    }

    public Settings withMaxBodyBytes(long value) {
        return new Settings(db, host, port, maxLimit, value, hiddenColumns, corsOrigins, trustProxy,
                requireIfMatch, durability, cursorSecret, config, allowAnonymousWrites, anonymousReadOnly, idleTimeout);
    }

    public Settings withCorsOrigins(List<String> value) {
        return new Settings(db, host, port, maxLimit, maxBodyBytes, hiddenColumns, value, trustProxy,
                requireIfMatch, durability, cursorSecret, config, allowAnonymousWrites, anonymousReadOnly, idleTimeout);
    }

    public Settings withRequireIfMatch(boolean value) {
        return new Settings(db, host, port, maxLimit, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy,
                value, durability, cursorSecret, config, allowAnonymousWrites, anonymousReadOnly, idleTimeout);
    }

    public Settings withCursorSecret(String value) {
        return new Settings(db, host, port, maxLimit, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy,
                requireIfMatch, durability, value, config, allowAnonymousWrites, anonymousReadOnly, idleTimeout);
    }

    public Settings withHost(String value) {
        return new Settings(db, value, port, maxLimit, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy,
                requireIfMatch, durability, cursorSecret, config, allowAnonymousWrites, anonymousReadOnly, idleTimeout);
    }

    public Settings withConfig(Path value) {
        return new Settings(db, host, port, maxLimit, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy,
                requireIfMatch, durability, cursorSecret, Optional.of(value), allowAnonymousWrites, anonymousReadOnly, idleTimeout);
    }

    public Settings withAnonymous(boolean writes, boolean readOnly) {
        return new Settings(db, host, port, maxLimit, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy,
                requireIfMatch, durability, cursorSecret, config, writes, readOnly, idleTimeout);
    }

    public Settings withIdleTimeout(Duration value) {
        return new Settings(db, host, port, maxLimit, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy,
                requireIfMatch, durability, cursorSecret, config, allowAnonymousWrites, anonymousReadOnly, value);
    }
}
