package tiddly;

import java.util.List;
import java.util.Set;

/**
 * Every setting of a Tiddly server. The command line fills it from flags and environment
 * variables; programs embedding Tiddly start from {@link #defaults()}.
 *
 * @param db a SQLite file path (created from the bundled sample when missing) or a JDBC URL
 * @param host the address to listen on
 * @param port the port, or 0 for any free one
 * @param maxLimit rows a query returns at most
 * @param maxBodyBytes the largest request body accepted
 * @param hiddenColumns column names never returned in any response
 * @param corsOrigins origins browsers may call from; "*" for any
 * @param trustProxy whether X-Forwarded-* headers are believed (only behind your own proxy)
 */
public record Settings(
        String db,
        String host,
        int port,
        int maxLimit,
        long maxBodyBytes,
        Set<String> hiddenColumns,
        List<String> corsOrigins,
        boolean trustProxy) {

    public Settings {
        hiddenColumns = Set.copyOf(hiddenColumns);
        corsOrigins = List.copyOf(corsOrigins);
    }

    public static Settings defaults() {
        return new Settings(
                "tiddly.db", "127.0.0.1", 4567, 1000, 1024 * 1024,
                Set.of("password", "password_hash", "secret"), List.of("*"), false);
    }

    public Settings withDb(String value) {
        return new Settings(value, host, port, maxLimit, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy);
    }

    public Settings withPort(int value) {
        return new Settings(db, host, value, maxLimit, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy);
    }

    public Settings withMaxLimit(int value) {
        return new Settings(db, host, port, value, maxBodyBytes, hiddenColumns, corsOrigins, trustProxy);
    }

    public Settings withMaxBodyBytes(long value) {
        return new Settings(db, host, port, maxLimit, value, hiddenColumns, corsOrigins, trustProxy);
    }

    public Settings withCorsOrigins(List<String> value) {
        return new Settings(db, host, port, maxLimit, maxBodyBytes, hiddenColumns, value, trustProxy);
    }
}
