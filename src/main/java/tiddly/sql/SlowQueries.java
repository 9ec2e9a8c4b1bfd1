package tiddly.sql;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow-query log: every statement that runs longer than the threshold is logged (WARN) and
 * kept among the last {@value #KEPT} for {@code GET /_slow_queries}, with the request's id, its
 * table, its SQL (placeholders, never values), rows and duration; a read's plan is explained once
 * per SQL text on SQLite and PostgreSQL, and a scan or sort without an index is said in plain
 * words with the {@code CREATE INDEX} that would serve it. Tiddly never creates an index itself.
 */
public final class SlowQueries {
    private static final Logger LOG = LoggerFactory.getLogger(SlowQueries.class);
    static final int KEPT = 100;
    private static final int PLANS = 1000;

    /** One slow statement. */
    public record Entry(
            Instant time,
            Optional<String> requestId,
            String table,
            String sql,
            long rows,
            double durationMs,
            Optional<String> verdict,
            Optional<String> index) {}

    private volatile long thresholdNanos = Long.MAX_VALUE;
    private final ThreadLocal<String> requestId = new ThreadLocal<>();
    private final Deque<Entry> recent = new ArrayDeque<>();
    private final Map<String, PlanAdvice.Advice> plans = new ConcurrentHashMap<>();

    /** Logs statements slower than {@code threshold} from now on; empty: none (the default). */
    public void threshold(Optional<Duration> threshold) {
        thresholdNanos = threshold.map(Duration::toNanos).orElse(Long.MAX_VALUE);
    }

    /** The request the current thread works for, named in what it logs; null when it is done. */
    public void request(String id) {
        requestId.set(id);
    }

    boolean slow(long nanos) {
        return nanos >= thresholdNanos;
    }

    /** The plan's advice for {@code sql}, asked of {@code explain} the first time that SQL is slow. */
    PlanAdvice.Advice advice(String sql, java.util.function.Supplier<PlanAdvice.Advice> explain) {
        PlanAdvice.Advice known = plans.get(sql);
        if (known != null) {
            return known;
        }
        PlanAdvice.Advice advice = explain.get();
        if (plans.size() >= PLANS) {
            plans.clear(); // schemas and indexes change: forget now and then rather than grow
        }
        plans.put(sql, advice);
        return advice;
    }

    void record(Statement statement, long rows, long nanos, PlanAdvice.Advice advice) {
        Entry entry = new Entry(
                Instant.now(),
                Optional.ofNullable(requestId.get()),
                PlanAdvice.table(statement.sql()).orElse("?"),
                statement.sql(),
                rows,
                Math.round(nanos / 10_000.0) / 100.0,
                advice.verdict(),
                advice.index());
        synchronized (recent) {
            recent.addFirst(entry);
            if (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
        LOG.warn(
                "slow query [request {}] {} ms, {} rows, table {}: {}{}",
                entry.requestId().orElse("-"),
                entry.durationMs(),
                rows,
                entry.table(),
                entry.sql(),
                advice.verdict()
                        .map(verdict -> " — " + verdict
                                + advice.index().map(index -> "; " + index).orElse(""))
                        .orElse(""));
    }

    /** The schema was read again: an index may have come or gone, so plans are explained anew. */
    void forgetPlans() {
        plans.clear();
    }

    /** The last slow statements, the most recent first. */
    public List<Entry> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }
}
