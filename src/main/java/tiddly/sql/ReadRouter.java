package tiddly.sql;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * Sends each read to a session of a PostgreSQL read replica (--db-replicas) that has replayed what
 * the read must see, else to a session of the primary; told of every acknowledged commit, so that
 * a client never reads older data than a write it was answered for. Which replica may serve is
 * {@link Replicas}' rule; this class runs the read there and falls back to the primary. Without
 * replicas every read runs on the primary's sessions.
 *
 * <p>Across instances: a request may bring a position (Tiddly-Position, given by any instance's
 * answer to a write) that its reads must see too, and hears the position of each write it
 * commits; see {@link #begin}.
 */
final class ReadRouter implements AutoCloseable {
    /** What a replica's session answers when the replica had not replayed what the read needs. */
    private static final Object BEHIND = new Object();

    private final Handles primary;
    private final Replicas replicas;
    /** The request on this thread: what its reads must see, and who hears its commits' positions. */
    private final ThreadLocal<Scope> scope = new ThreadLocal<>();

    private record Scope(long after, LongConsumer committed) {}

    private ReadRouter(Handles primary, Replicas replicas) {
        this.primary = primary;
        this.replicas = replicas;
    }

    /**
     * Starts polling the replicas, if any.
     *
     * @param pools each replica's pool, by URL
     * @param sessions opens the sessions of a replica's pool
     * @param maxLag how far behind the primary a replica may be and still serve reads
     */
    static ReadRouter start(
            Handles primary,
            DataSource primaryPool,
            Map<String, HikariDataSource> pools,
            Function<HikariDataSource, Handles> sessions,
            Duration maxLag) {
        List<Replica> opened = new ArrayList<>();
        pools.forEach((url, pool) -> opened.add(new Replica(url, pool, sessions.apply(pool))));
        return new ReadRouter(primary, Replicas.start(opened, primaryPool, maxLag.toMillis()));
    }

    /**
     * Runs a read on a replica when one has replayed every write this instance acknowledged (see
     * {@link Replicas}), else on the primary. A read that the replica fails (it went down, or a
     * recovery conflict cancelled it) runs again on the primary if it sent no row yet.
     *
     * @param begun whether the read handed out a row already: then it cannot run again
     */
    <T> T read(Function<Session, T> work, BooleanSupplier begun) {
        Scope request = scope.get();
        Optional<Replicas.Choice> choice = replicas.pick(request == null ? 0 : request.after());
        if (choice.isEmpty()) {
            return primary.with(work);
        }
        Replica replica = choice.get().replica();
        try {
            Object result = replica.handles()
                    .<Object>with(session ->
                            replicas.caughtUp(choice.get(), session.handle().getConnection())
                                    ? work.apply(session)
                                    : BEHIND);
            if (result != BEHIND) {
                @SuppressWarnings("unchecked")
                T value = (T) result;
                return value;
            }
        } catch (RuntimeException e) {
            if (begun.getAsBoolean() || !Replicas.replicaFault(e)) {
                throw e;
            }
            replicas.failed(replica, Database.rootMessage(e));
        }
        return primary.with(work);
    }

    /**
     * A write a client will be answered for just committed on {@code connection} (or the schema was
     * read on it): reads go to a replica only once it has replayed the primary's position now.
     */
    void committed(Connection connection) {
        OptionalLong position = replicas.committed(connection);
        Scope request = scope.get();
        if (position.isPresent() && request != null) {
            request.committed().accept(position.getAsLong());
        }
    }

    /**
     * From now until {@link #end}, the reads run on this thread must also see {@code after} (0:
     * nothing more), and {@code committed} hears the position of each write committed on it.
     */
    void begin(long after, LongConsumer committed) {
        if (replicas.any()) { // without replicas no read is routed and no commit has a position
            scope.set(new Scope(after, committed));
        }
    }

    /** The request on this thread is answered: its scope ends. */
    void end() {
        scope.remove();
    }

    /** The schema was read again: statements prepared on the replicas' sessions are prepared again. */
    void schemaRead() {
        replicas.all().forEach(replica -> replica.handles().schemaRead());
    }

    /**
     * The primary (its WAL position) and each replica (role, whether it answers and serves reads,
     * its replayed position and lag), for /_ready; empty without replicas.
     */
    List<Map<String, Object>> report() {
        return replicas.any() ? replicas.report() : List.of();
    }

    /** Reads sent to a replica. */
    long replicaReads() {
        return replicas.replicaReads();
    }

    /** Reads that could have gone to a replica but went to the primary. */
    long primaryReads() {
        return replicas.primaryReads();
    }

    /** Reads for which a replica was asked how far it had replayed, its last poll being behind. */
    long asked() {
        return replicas.asked();
    }

    /** Stops the pollers and closes the replicas' sessions and pools; the primary's are not this class's. */
    @Override
    public void close() {
        replicas.close();
    }
}
