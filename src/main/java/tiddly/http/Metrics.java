package tiddly.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import tiddly.sql.Database;
import tiddly.sql.Tallies;

/**
 * The meters of {@code /_metrics}, in Micrometer's Prometheus registry: requests by route, method
 * and status with their latency, the database's counts and sessions, HikariCP's pool, and the
 * JVM's memory, GC, threads and CPU. A request costs one array read and one timer update (adders
 * and an atomic histogram): its timer is made the first time its route, method and status occur.
 */
public final class Metrics implements AutoCloseable {
    private static final String[] METHODS = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "FETCH", "QUERY"
    };
    private static final int STATUSES = 600;
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** By route, method (one more for any other) and status. */
    private final AtomicReferenceArray<Timer> timers =
            new AtomicReferenceArray<>(RouteKind.values().length * (METHODS.length + 1) * STATUSES);

    /** @param inFlight requests being answered now */
    Metrics(Database database, IntSupplier inFlight) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // strongly held: the gauge holds its object weakly, and the method reference passed as
        // inFlight is held by nothing else, so a GC made it NaN (MetricsTest failed so)
        Gauge.builder("tiddly.http.requests.active", inFlight, IntSupplier::getAsInt)
                .description("Requests being answered now")
                .strongReference(true)
                .register(registry);
        database(database);
        database.meterPool(registry);
    }

    private void database(Database database) {
        Tallies tallies = database.tallies();
        counter("tiddly.db.statements", "SQL statements run", database, Database::statementsRun);
        counter("tiddly.db.rows.read", "Rows read by those statements", tallies, Tallies::rowsRead);
        counter(
                "tiddly.db.statement.timeouts",
                "Statements stopped by --statement-timeout",
                tallies,
                Tallies::timeouts);
        counter("tiddly.db.busy", "Requests answered 503 database_busy", tallies, Tallies::busy);
        counter("tiddly.db.write.conflicts", "Writes answered 503 write_conflict", tallies, Tallies::conflicts);
        counter("tiddly.db.write.retries", "Transactions retried after a conflict", tallies, Tallies::retries);
        counter("tiddly.db.lock.waits", "SQLite writes that queued for the write lock", tallies, Tallies::lockWaits);
        counter(
                "tiddly.db.lock.wait",
                "Seconds SQLite writes spent queued for the write lock",
                tallies,
                Tallies::lockWaitSeconds);
        session("active", database, Database::sessionsLent);
        session("idle", database, Database::sessionsIdle);
        session("waiting", database, Database::sessionsAwaited);
        replicas(database);
    }

    /** With --db-replicas: where reads went, and each replica's state and lag, by host. */
    private void replicas(Database database) {
        List<Map<String, Object>> hosts = database.replicaReport();
        if (hosts.isEmpty()) {
            return;
        }
        FunctionCounter.builder("tiddly.db.reads", database, Database::replicaReads)
                .description("Reads that could go to a read replica, by where they went")
                .tag("on", "replica")
                .register(registry);
        FunctionCounter.builder("tiddly.db.reads", database, Database::primaryReads)
                .description("Reads that could go to a read replica, by where they went")
                .tag("on", "primary")
                .register(registry);
        counter(
                "tiddly.db.replica.asks",
                "Reads for which a replica was asked how far it had replayed, its last poll being behind",
                database,
                Database::replicaAsks);
        for (int i = 1; i < hosts.size(); i++) {
            String host = String.valueOf(hosts.get(i).get("host"));
            replica(database, i, host, "tiddly.db.replica.lag.seconds", "How far the replica is behind", "lag_seconds");
            replica(database, i, host, "tiddly.db.replica.lag.bytes", "WAL the replica has not replayed", "lag_bytes");
            replica(database, i, host, "tiddly.db.replica.reads", "1 while reads may go to the replica", "reads");
        }
    }

    private void replica(Database database, int index, String host, String name, String description, String key) {
        Gauge.builder(name, database, db -> number(db.replicaReport().get(index).get(key)))
                .description(description)
                .tag("host", host)
                .register(registry);
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : Boolean.TRUE.equals(value) ? 1 : 0;
    }

    private <T> void counter(String name, String description, T source, ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, source, count).description(description).register(registry);
    }

    private void session(String state, Database database, ToDoubleFunction<Database> count) {
        Gauge.builder("tiddly.db.sessions", database, count)
                .description(
                        "Database sessions (pooled connections) lent to requests, idle, and requests waiting for one")
                .tag("state", state)
                .register(registry);
    }

    /** Counts one answered request and its duration. */
    void record(String uri, String method, int status, long nanos) {
        RouteKind route = RouteKind.of(uri);
        int verb = method(method);
        int code = status >= 100 && status < STATUSES ? status : 0;
        int index = (route.ordinal() * (METHODS.length + 1) + verb) * STATUSES + code;
        Timer timer = timers.get(index);
        if (timer == null) {
            timer = Timer.builder("tiddly.http.requests")
                    .description("Requests answered, by route, method and status, and how long they took")
                    .tag("route", route.label())
                    .tag("method", verb < METHODS.length ? METHODS[verb] : "other")
                    .tag("status", Integer.toString(code))
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            timers.set(index, timer); // the registry gives the same timer to a racing thread
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static int method(String method) {
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return METHODS.length;
    }

    /** The Prometheus text format (version 0.0.4). */
    String scrape() {
        return registry.scrape();
    }

    /** For code that adds meters of its own (a change feed's open streams and their lag). */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
