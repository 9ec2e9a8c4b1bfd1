package tiddly.sql;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/**
 * The reserved table {@code _tiddly_outcomes}: the answer to each write sent with an
 * Idempotency-Key, stored in the write's own transaction, so a retry finds it exactly when the
 * write committed, on any instance over the same database.
 */
public final class Outcomes {
    static final String TABLE = "_tiddly_outcomes";

    /** An answer as it was sent: status, ETag (or null) and body. */
    public record Outcome(int status, Optional<String> etag, String body) {}

    /** A key's row: what the first request with it looked like, and its answer once it committed. */
    public record Stored(String fingerprint, long at, Optional<Outcome> outcome) {}

    private static final List<Column> COLUMNS = List.of(
            Outbox.column("fingerprint", ColumnType.TEXT),
            Outbox.column("status", ColumnType.INTEGER),
            Outbox.column("etag", ColumnType.TEXT),
            Outbox.column("body", ColumnType.TEXT),
            Outbox.column("at", ColumnType.INTEGER));

    private final Engine engine;
    private final String table;

    Outcomes(Engine engine) {
        this.engine = engine;
        this.table = engine.dialect().quote(TABLE);
    }

    /** Creates the table where it is missing. */
    String create() {
        return switch (engine) {
            case SQLITE ->
                "CREATE TABLE IF NOT EXISTS " + table + " (scope TEXT NOT NULL, idem_key TEXT NOT NULL,"
                        + " fingerprint TEXT NOT NULL, status INTEGER, etag TEXT, body TEXT, at INTEGER NOT NULL,"
                        + " PRIMARY KEY (scope, idem_key))";
            case POSTGRES ->
                "CREATE TABLE IF NOT EXISTS " + table + " (scope TEXT NOT NULL, idem_key TEXT NOT NULL,"
                        + " fingerprint TEXT NOT NULL, status INTEGER, etag TEXT, body TEXT, at BIGINT NOT NULL,"
                        + " PRIMARY KEY (scope, idem_key))";
            // ASCII keys: two 255-character columns fit InnoDB's 3072-byte key
            case MARIADB ->
                "CREATE TABLE IF NOT EXISTS " + table + " (scope VARCHAR(255) CHARACTER SET ascii NOT NULL,"
                        + " idem_key VARCHAR(255) CHARACTER SET ascii NOT NULL, fingerprint CHAR(64) NOT NULL,"
                        + " status INT, etag TEXT, body LONGTEXT, at BIGINT NOT NULL, PRIMARY KEY (scope, idem_key))";
        };
    }

    /**
     * Takes the key for this transaction, or changes nothing when another request took it first;
     * a transaction that took it holds it until it ends, so a concurrent retry waits for its outcome.
     */
    Statement claim(String scope, String key, String fingerprint, long at) {
        String insert = (engine == Engine.MARIADB ? "INSERT IGNORE INTO " : "INSERT INTO ") + table
                + " (scope, idem_key, fingerprint, at) VALUES (?, ?, ?, ?)"
                + (engine == Engine.MARIADB ? "" : " ON CONFLICT DO NOTHING");
        return new Statement(insert, List.of(scope, key, fingerprint, at), List.of(), false);
    }

    Statement find(String scope, String key) {
        return new Statement(
                "SELECT fingerprint, status, etag, body, at FROM " + table + " WHERE scope = ? AND idem_key = ?",
                List.of(scope, key),
                COLUMNS,
                false);
    }

    /** Gives an expired key to a new request. */
    Statement reclaim(String scope, String key, String fingerprint, long at) {
        return new Statement(
                "UPDATE " + table + " SET fingerprint = ?, status = NULL, etag = NULL, body = NULL, at = ?"
                        + " WHERE scope = ? AND idem_key = ?",
                List.of(fingerprint, at, scope, key),
                List.of(),
                false);
    }

    Statement settle(String scope, String key, Outcome outcome) {
        return new Statement(
                "UPDATE " + table + " SET status = ?, etag = ?, body = ? WHERE scope = ? AND idem_key = ?",
                Arrays.asList(outcome.status(), outcome.etag().orElse(null), outcome.body(), scope, key),
                List.of(),
                false);
    }

    /** Forgets the keys taken before {@code at}. */
    Statement prune(long at) {
        return new Statement("DELETE FROM " + table + " WHERE at < ?", List.of(at), List.of(), false);
    }

    static Stored stored(Map<String, Object> row) {
        Optional<Outcome> outcome = Optional.ofNullable((Number) row.get("status"))
                .map(status -> new Outcome(
                        status.intValue(), Optional.ofNullable((String) row.get("etag")), (String) row.get("body")));
        return new Stored((String) row.get("fingerprint"), ((Number) row.get("at")).longValue(), outcome);
    }
}
