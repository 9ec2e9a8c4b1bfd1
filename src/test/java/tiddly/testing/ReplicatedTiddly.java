package tiddly.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import tiddly.Settings;
import tiddly.Tiddly;

/**
 * Tiddly with --db-replicas over a real {@link PostgresReplication}: what the read-replica tests
 * share (ReadReplicasTest, CrossInstanceReadsTest, CrossOriginPositionTest).
 */
public final class ReplicatedTiddly {
    private ReplicatedTiddly() {}

    /** Starts a primary and its replica; skips the tests of {@code test} when the binaries are missing. */
    public static PostgresReplication startCluster(String test) throws Exception {
        Assumptions.assumeTrue(
                PostgresReplication.available(),
                test + " skipped: PostgreSQL 15's initdb, pg_ctl and pg_basebackup are not in "
                        + PostgresReplication.BIN + " (apt-get install postgresql-15)");
        return PostgresReplication.start();
    }

    /** A Tiddly on {@code cluster}'s primary whose reads may go to its replica while it lags {@code maxLag} at most. */
    public static Tiddly start(PostgresReplication cluster, Duration maxLag) {
        return start(cluster, maxLag, settings -> settings);
    }

    /** The same, with the settings changed by {@code change}. */
    public static Tiddly start(PostgresReplication cluster, Duration maxLag, UnaryOperator<Settings> change) {
        return Tiddly.start(change.apply(Settings.defaults()
                .withPort(0)
                .withDb(cluster.primaryUrl())
                .withDbLogin("public", Optional.of("postgres"), Optional.empty())
                .withReplicas(new Settings.Replicas(List.of(cluster.replicaUrl()), maxLag))));
    }

    /** Inserts an author straight on the primary, past Tiddly: no position is given for it. */
    public static long insertOnThePrimary(PostgresReplication cluster, String name) throws Exception {
        try (Connection connection = cluster.primary();
                var statement = connection.prepareStatement("INSERT INTO author (name) VALUES (?) RETURNING id")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Reads {@code instance} has sent {@code on} the replica or the primary, as its meters count them. */
    public static double reads(Tiddly instance, String on) {
        return instance.meters()
                .find("tiddly.db.reads")
                .tag("on", on)
                .functionCounter()
                .count();
    }

    /** The hosts {@code instance}'s /_ready shows (asked from this machine: an operator's view), the primary first. */
    public static List<JsonPath> hosts(Tiddly instance) {
        JsonPath ready = given().port(instance.port())
                .when()
                .get("/_ready")
                .then()
                .extract()
                .jsonPath();
        int size = ready.getList("data.hosts").size();
        return IntStream.range(0, size)
                .mapToObj(i -> new JsonPath(ready.prettify()).setRootPath("data.hosts[" + i + "]"))
                .toList();
    }

    /** Polls /_ready until the replica's entry satisfies {@code state}: what the poller saw, not a time. */
    public static JsonPath awaitReplica(Tiddly instance, Predicate<JsonPath> state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonPath replica = hosts(instance).get(1);
            if (state.test(replica)) {
                return replica;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the replica never reached the state awaited: " + replica.prettify());
            }
            Thread.sleep(50);
        }
    }

    /** Waits until {@code instance}'s poller has found its replica fit to serve reads. */
    public static void awaitReplicaReads(Tiddly instance) throws InterruptedException {
        awaitReplica(instance, replica -> replica.getBoolean("reads"));
    }

    /** Closes each of {@code open} that was opened, the next ones even when one fails. */
    public static void close(AutoCloseable... open) {
        for (AutoCloseable each : open) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                // the next one is closed all the same
            }
        }
    }
}
