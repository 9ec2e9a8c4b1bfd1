package tiddly.sql;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PostgreSQL read replica (--db-replicas): its pool and sessions, and what its poller last saw
 * of it: whether it answers, whether it is still a replica (in recovery), and how far it has
 * replayed the primary's write-ahead log.
 */
final class Replica implements AutoCloseable {
    private static final Pattern HOST = Pattern.compile("^jdbc:postgresql://([^/?]*)");
    /** A replica not polled successfully for this long is treated as down. */
    private static final long STALE_MILLIS = 2_000;

    private final String host;
    private final HikariDataSource dataSource;
    private final Handles handles;
    private volatile Seen seen = new Seen(false, false, 0, 0, 0, 0, "not polled yet");

    /**
     * What a poll saw.
     *
     * @param replayed the WAL position replayed, in bytes from 0/0
     * @param lagBytes WAL the primary had at its last sample that this replica had not replayed
     * @param lagMillis how long the oldest change it misses has been on the primary; 0 when caught up
     * @param at when the poll answered (epoch ms)
     */
    record Seen(boolean up, boolean replica, long replayed, long lagBytes, long lagMillis, long at, String error) {}

    Replica(String url, HikariDataSource dataSource, Handles handles) {
        Matcher host = HOST.matcher(url);
        this.host = host.find() ? host.group(1) : Database.withoutPassword(url);
        this.dataSource = dataSource;
        this.handles = handles;
    }

    String host() {
        return host;
    }

    Handles handles() {
        return handles;
    }

    Seen seen() {
        return seen;
    }

    /** Whether reads may go here: it answered lately, is a replica, and lags no more than {@code maxLagMillis}. */
    boolean usable(long maxLagMillis, long now) {
        Seen last = seen;
        return last.up && last.replica && last.lagMillis <= maxLagMillis && now - last.at <= STALE_MILLIS;
    }

    /** Asks the replica how far it has replayed; {@code lag} turns that position into its lag. */
    void poll(Lag lag) {
        try (Connection connection = dataSource.getConnection();
                var statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT pg_is_in_recovery()," + " pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint")) {
            row.next();
            boolean replica = row.getBoolean(1);
            long replayed = row.getLong(2);
            long now = System.currentTimeMillis();
            seen = new Seen(
                    true,
                    replica,
                    replayed,
                    lag.bytes(replayed),
                    lag.millis(replayed, now),
                    now,
                    replica ? "" : "not in recovery: a primary, not a replica");
        } catch (SQLException | RuntimeException e) {
            down(String.valueOf(e.getMessage()));
        }
    }

    /** A read found it unreachable: no more reads go here until a poll sees it answer again. */
    void down(String why) {
        Seen last = seen;
        seen = new Seen(false, last.replica, last.replayed, last.lagBytes, last.lagMillis, last.at, why);
    }

    /** For /_ready: the host, its state and lag. */
    Map<String, Object> report(long maxLagMillis, long now) {
        Seen last = seen;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("host", host);
        report.put("role", last.replica ? "replica" : last.up ? "primary" : "unknown");
        report.put("up", last.up && now - last.at <= STALE_MILLIS);
        report.put("reads", usable(maxLagMillis, now));
        report.put("replayed_lsn", Lsn.text(last.replayed));
        report.put("lag_bytes", last.lagBytes);
        report.put("lag_seconds", last.lagMillis / 1000.0);
        if (!last.error.isEmpty()) {
            report.put("error", last.error);
        } else if (last.lagMillis > maxLagMillis) {
            report.put("error", "lags more than the bound of " + maxLagMillis / 1000.0 + " s");
        }
        return report;
    }

    /** Turns a replayed position into lag, against the primary's recent positions. */
    interface Lag {
        long bytes(long replayed);

        long millis(long replayed, long now);
    }

    @Override
    public void close() {
        handles.close();
        dataSource.close();
    }
}
