package tiddly.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * PostgreSQL read replicas (--db-replicas) and the rule that picks one for a read.
 *
 * <p>Read-your-writes: after each write commits, the instance notes the primary's WAL position
 * ({@link #committed}); a read goes to a replica only if that replica's poller saw it replay at
 * least the newest position this instance acknowledged, else to the primary. A client answered
 * for a write through this instance therefore never reads older data through it. A replica that
 * does not answer, is no longer in recovery, or lags more than the bound is skipped.
 */
final class Replicas implements AutoCloseable {
    static final long POLL_MILLIS = 50;

    private final List<Replica> replicas;
    private final DataSource primary;
    private final long maxLagMillis;
    private final WalHistory history;
    /** The newest WAL position of a write this instance acknowledged. */
    private final AtomicLong acknowledged = new AtomicLong();
    /** Commits whose position could not be read; reads go to the primary until a sample covers them. */
    private final AtomicLong unknown = new AtomicLong();

    private volatile long covered;
    private final AtomicInteger next = new AtomicInteger();
    private final LongAdder replicaReads = new LongAdder();
    private final LongAdder primaryReads = new LongAdder();
    private final LongAdder asked = new LongAdder();
    private static final String REPLAYED = "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint";
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean closed;

    private Replicas(List<Replica> replicas, DataSource primary, long maxLagMillis) {
        this.replicas = List.copyOf(replicas);
        this.primary = primary;
        this.maxLagMillis = maxLagMillis;
        this.history = new WalHistory(Math.max(10_000, 2 * maxLagMillis));
    }

    static Replicas none() {
        return new Replicas(List.of(), null, 0);
    }

    /** Starts one poller for the primary's position and one per replica. */
    static Replicas start(List<Replica> replicas, DataSource primary, long maxLagMillis) {
        Replicas started = new Replicas(replicas, primary, maxLagMillis);
        if (!replicas.isEmpty()) {
            started.poll("tiddly-wal-primary", started::samplePrimary);
            for (Replica replica : replicas) {
                started.poll("tiddly-wal-" + replica.host(), () -> replica.poll(started.history));
            }
        }
        return started;
    }

    boolean any() {
        return !replicas.isEmpty();
    }

    List<Replica> all() {
        return replicas;
    }

    /**
     * Right after a write committed, on its connection: notes the primary's position for
     * read-your-writes, and gives it; empty without replicas or when it could not be read.
     */
    OptionalLong committed(Connection connection) {
        if (replicas.isEmpty()) {
            return OptionalLong.empty();
        }
        try (var statement = connection.createStatement();
                ResultSet row = statement.executeQuery(Lsn.PRIMARY)) {
            row.next();
            long position = row.getLong(1);
            acknowledged.accumulateAndGet(position, Math::max);
            return OptionalLong.of(position);
        } catch (SQLException | RuntimeException e) {
            unknown.incrementAndGet(); // the write stands; reads go to the primary until a sample covers it
            return OptionalLong.empty();
        }
    }

    /**
     * A read's replica: one whose last poll saw it replay {@code need}, the newest position this
     * instance acknowledged; else one that must be asked first ({@code ask}: the poll is up to 50
     * ms old, and under steady writes a replica a millisecond behind would never look caught up).
     */
    record Choice(Replica replica, long need, boolean ask) {}

    /**
     * Where a read may go without missing a write this instance acknowledged, nor {@code atLeast}
     * (a position the client brought from another instance's answer); empty: the primary.
     */
    Optional<Choice> pick(long atLeast) {
        if (replicas.isEmpty()) {
            return Optional.empty();
        }
        long need = Math.max(acknowledged.get(), atLeast);
        if (covered < unknown.get()) {
            primaryReads.increment();
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        int start = Math.floorMod(next.getAndIncrement(), replicas.size());
        Replica behind = null;
        for (int i = 0; i < replicas.size(); i++) {
            Replica replica = replicas.get((start + i) % replicas.size());
            if (replica.usable(maxLagMillis, now)) {
                if (replica.seen().replayed() >= need) {
                    replicaReads.increment();
                    return Optional.of(new Choice(replica, need, false));
                }
                behind = behind == null ? replica : behind;
            }
        }
        if (behind != null) {
            return Optional.of(new Choice(behind, need, true));
        }
        primaryReads.increment();
        return Optional.empty();
    }

    /**
     * On a session of the chosen replica, before the read: whether it has replayed what the read
     * needs. Replay only moves forward, so the read that follows on this session sees it all.
     */
    boolean caughtUp(Choice choice, Connection connection) {
        if (!choice.ask()) {
            return true;
        }
        asked.increment();
        replicaReads.increment(); // until told otherwise: failed() moves it to the primary
        try (var statement = connection.createStatement();
                ResultSet row = statement.executeQuery(REPLAYED)) {
            row.next();
            if (row.getLong(1) >= choice.need()) {
                return true;
            }
        } catch (SQLException e) {
            throw new StatementFailure(e);
        }
        replicaReads.decrement();
        primaryReads.increment();
        return false;
    }

    /** Reads for which a replica was asked how far it had replayed. */
    long asked() {
        return asked.sum();
    }

    /** A read on {@code replica} failed because of the replica: it is skipped from now until it answers a poll. */
    void failed(Replica replica, String why) {
        replica.down(why);
        replicaReads.decrement();
        primaryReads.increment();
    }

    /**
     * Whether a read failed because of the replica rather than the query: it cannot be reached or
     * is shutting down (SQLSTATE classes 08, 57P, 53), or recovery cancelled the read (40001, 40P01).
     */
    static boolean replicaFault(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DatabaseException refused
                    && (refused.code().equals("database_unavailable")
                            || refused.code().equals("database_busy"))) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")
                        || state.startsWith("57P")
                        || state.startsWith("53")
                        || state.equals("40001")
                        || state.equals("40P01")) {
                    return true;
                }
            }
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    long replicaReads() {
        return replicaReads.sum();
    }

    long primaryReads() {
        return primaryReads.sum();
    }

    /** For /_ready and /_metrics: the primary's position and each replica's state and lag. */
    List<Map<String, Object>> report() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> hosts = new ArrayList<>();
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("role", "primary");
        main.put("lsn", Lsn.text(history.newest()));
        main.put("acknowledged_lsn", Lsn.text(acknowledged.get()));
        hosts.add(main);
        replicas.forEach(replica -> hosts.add(replica.report(maxLagMillis, now)));
        return hosts;
    }

    private void samplePrimary() {
        long before = unknown.get();
        try (Connection connection = primary.getConnection();
                var statement = connection.createStatement();
                ResultSet row = statement.executeQuery(Lsn.PRIMARY)) {
            row.next();
            long lsn = row.getLong(1);
            history.add(System.currentTimeMillis(), lsn);
            if (covered < before) { // commits whose position was lost came before this sample
                acknowledged.accumulateAndGet(lsn, Math::max);
                covered = before;
            }
        } catch (SQLException | RuntimeException e) {
            // the primary is down or in recovery (a failover): the next sample tells
        }
    }

    private void poll(String name, Runnable once) {
        Thread thread = new Thread(
                () -> {
                    while (!closed) {
                        once.run();
                        try {
                            Thread.sleep(POLL_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        pollers.add(thread);
    }

    @Override
    public void close() {
        closed = true;
        pollers.forEach(Thread::interrupt);
        replicas.forEach(Replica::close);
    }
}
