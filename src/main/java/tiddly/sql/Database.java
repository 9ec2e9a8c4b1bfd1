package tiddly.sql;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import tiddly.Settings;
import tiddly.StartupException;
import tiddly.schema.Schema;
import tiddly.schema.SchemaReader;

/**
 * Runs scripts and returns rows, on sessions of a connection pool (Jdbi handles for transactions,
 * plain JDBC for statements; see {@link ScriptRunner}). On
 * SQLite, writes are funnelled through one lock into immediate transactions, so that concurrent
 * writers queue in Tiddly instead of failing with SQLITE_BUSY; on a database server they run
 * concurrently in serializable transactions, retried when they meet. No SQL exception leaves
 * this class.
 */
public final class Database implements Rows, AutoCloseable {
    /** The key under which a versioned row carries its ETag. */
    public static final String ETAG = "_etag";

    private final HikariDataSource dataSource;
    /** Writes retried after a serialization failure or deadlock before the client is told. */
    private static final int WRITE_ATTEMPTS = 4;
    /** Rows fetched from a server at a time, so that a long list streams instead of filling the heap. */
    private static final int FETCH_SIZE = 500;

    private final Engine engine;
    private final Errors errors;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final LongAdder statements = new LongAdder();
    private final Versions versions;
    private final Handles handles;
    /**
     * Where write transactions run: on SQLite one session of its own, as writes take turns anyway;
     * its page cache then stays valid from one write to the next (SQLite drops a connection's
     * cache when another connection committed). On a server, the pool's sessions.
     */
    private final Handles writer;

    private final ScriptRunner runner;
    private final Outbox outbox;
    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();
    private final Probe probe;
    private final Tallies tallies = new Tallies();
    private final SlowQueries slowQueries = new SlowQueries();
    private final StatementTimeout timeout;
    /** SQLite: WAL checkpoints off the request path; absent on a database server. */
    private final Optional<Checkpoints> checkpoints;
    /** Where reads run: PostgreSQL's read replicas (--db-replicas) when they may, else the primary. */
    private final ReadRouter reads;

    private Database(
            HikariDataSource dataSource,
            Engine engine,
            int poolSize,
            Duration statementTimeout,
            Versions versions,
            ReadReplicas readReplicas) {
        this.dataSource = dataSource;
        this.engine = engine;
        this.errors = engine.errors();
        this.versions = versions;
        this.timeout = new StatementTimeout(engine == Engine.SQLITE, statementTimeout.toMillis());
        this.runner = new ScriptRunner(
                timeout,
                versions,
                engine == Engine.SQLITE ? 0 : FETCH_SIZE,
                new SqlWriter(engine.dialect()),
                statements,
                tallies.rowsRead,
                slowQueries,
                engine);
        this.outbox = new Outbox(engine);
        Supplier<Jdbi> jdbi = Handles.creating(() -> Jdbi.create(dataSource));
        this.handles = new Handles(jdbi, poolSize, timeout::arm);
        this.writer = engine == Engine.SQLITE ? new Handles(jdbi, 1, timeout::arm) : handles;
        if (writer != handles) {
            handles.lendIdle(writer, () -> writeLock.isLocked() || writeLock.hasQueuedThreads());
        }
        this.probe = new Probe(dataSource, engine == Engine.SQLITE);
        this.checkpoints = engine == Engine.SQLITE
                ? Optional.of(Checkpoints.start(dataSource.getDataSource(), writeLock, Checkpoints.RESTART_FRAMES))
                : Optional.empty();
        checkpoints.ifPresent(started -> commitListeners.add(started::committed));
        this.reads = ReadRouter.start(
                handles,
                dataSource,
                readReplicas.pools(),
                pool -> new Handles(Handles.creating(() -> Jdbi.create(pool)), poolSize, timeout::arm),
                readReplicas.maxLag());
    }

    /** Read replicas' pools by URL, and how far behind one may be and still serve reads. */
    private record ReadReplicas(Map<String, HikariDataSource> pools, Duration maxLag) {
        static final ReadReplicas NONE = new ReadReplicas(Map.of(), Duration.ZERO);
    }

    /**
     * With --db-replicas: the primary (its WAL position) and each replica (role, whether it answers
     * and serves reads, its replayed position and lag), for /_ready; empty without replicas.
     */
    public List<Map<String, Object>> replicaReport() {
        return reads.report();
    }

    /**
     * Read-your-writes across instances (the Tiddly-Position header; docs/scaling.md): until
     * {@link #endRequest}, the reads of the request on this thread see at least the position
     * {@code after} (one a write's answer gave, through any instance), and {@code committed} hears
     * the position of each write it commits. Only with read replicas do writes have positions;
     * without, every read sees every committed write and {@code after} changes nothing.
     *
     * @throws InvalidPositionException when {@code after} is not a position's text
     */
    public void beginRequest(Optional<String> after, Consumer<String> committed) {
        reads.end(); // a request before on this thread that was never ended
        long position = after.map(Lsn::parseToken).orElse(0L);
        reads.begin(position, lsn -> committed.accept(Lsn.token(lsn)));
    }

    /** The request on this thread is answered. */
    public void endRequest() {
        reads.end();
    }

    /** Reads sent to a replica, and reads that could have gone to one but went to the primary. */
    public long replicaReads() {
        return reads.replicaReads();
    }

    public long primaryReads() {
        return reads.primaryReads();
    }

    /** Reads for which a replica was asked how far it had replayed, its last poll being behind. */
    public long replicaAsks() {
        return reads.asked();
    }

    /** The slow-query log: its threshold, and the last slow statements. */
    public SlowQueries slowQueries() {
        return slowQueries;
    }

    /** What the database layer counted since start, for /_metrics. */
    public Tallies tallies() {
        return tallies;
    }

    /** Sessions (pooled connections with their statements): lent to requests, idle, and threads waiting for one. */
    public int sessionsLent() {
        return handles.lent() + (writer == handles ? 0 : writer.lent());
    }

    public int sessionsIdle() {
        return handles.idle() + (writer == handles ? 0 : writer.idle());
    }

    public int sessionsAwaited() {
        return handles.awaited() + (writer == handles ? 0 : writer.awaited());
    }

    /**
     * SQLite: writes a consistent copy of the database to {@code out} (empty or missing) while
     * requests go on, on a connection of its own, so that neither the pool nor /_ready waits for it.
     */
    public void backup(Path out) {
        if (engine != Engine.SQLITE) {
            throw new DatabaseException(
                    501,
                    "backup_unsupported",
                    "backups over HTTP are for SQLite; back up PostgreSQL with pg_dump and MariaDB with mariadb-dump",
                    null);
        }
        try (Connection connection = dataSource.getDataSource().getConnection()) {
            Backup.into(connection, out);
        } catch (SQLException e) {
            throw Failures.failure(e);
        }
    }

    /** HikariCP reports its pool (hikaricp_connections_*) to {@code registry}. */
    public void meterPool(MeterRegistry registry) {
        dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }

    /** Whether the database answers a small statement within {@code within}: for {@code /_ready}. */
    public boolean answers(Duration within) {
        return probe.answers(within);
    }

    /** How many SQL statements ran since start: what proves a page of embeds costs one query per relation. */
    public long statementsRun() {
        return statements.sum();
    }

    /** Opens a SQLite file with the default statement timeout of 10 s and a random ETag key. */
    public static Database openSqlite(Path file, Settings.Durability durability) {
        return openSqlite(
                file,
                durability,
                Duration.ofSeconds(10),
                new Versions(Settings.randomSecret().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Opens a SQLite file; it must exist (see {@link SampleDatabase}).
     *
     * @param versions hashes rows into ETags; instances over one database must share its key
     */
    public static Database openSqlite(
            Path file, Settings.Durability durability, Duration statementTimeout, Versions versions) {
        try {
            return new Database(
                    SqliteSource.pool(file, durability),
                    Engine.SQLITE,
                    SqliteSource.POOL_SIZE,
                    statementTimeout,
                    versions,
                    ReadReplicas.NONE);
        } catch (RuntimeException e) {
            throw new StartupException("cannot open database '" + file + "': " + rootMessage(e), e);
        }
    }

    /**
     * Connects to a PostgreSQL or MariaDB/MySQL server.
     *
     * @param versions hashes rows into ETags; instances over one database must share its key
     */
    public static Database openServer(ServerOptions server, Versions versions) {
        return openServer(server, versions, List.of(), Duration.ZERO);
    }

    /**
     * The same with PostgreSQL read replicas: reads go to one of {@code replicaUrls} that has
     * replayed every write this instance acknowledged and lags at most {@code maxLag}, else to the
     * primary. A replica that is down at start-up is polled until it answers.
     */
    public static Database openServer(
            ServerOptions server, Versions versions, List<String> replicaUrls, Duration maxLag) {
        String url = server.url();
        Engine engine = Engine.of(url);
        if (!replicaUrls.isEmpty() && engine != Engine.POSTGRES) {
            throw new StartupException(
                    "--db-replicas needs a PostgreSQL --db (jdbc:postgresql:), not '" + withoutPassword(url) + "'");
        }
        for (String replica : replicaUrls) {
            if (!replica.startsWith("jdbc:postgresql:")) {
                throw new StartupException(
                        "--db-replicas: '" + withoutPassword(replica) + "' is not a jdbc:postgresql: URL");
            }
        }
        try {
            HikariDataSource pool = ServerSource.pool(engine, server);
            if (engine == Engine.MARIADB) {
                GaleraCheck.warnIfUnsafe(pool);
            }
            Map<String, HikariDataSource> replicas = new java.util.LinkedHashMap<>();
            for (String replica : replicaUrls) {
                replicas.put(
                        replica,
                        ServerSource.replicaPool("tiddly-replica-" + (replicas.size() + 1), server.at(replica)));
            }
            return new Database(
                    pool,
                    engine,
                    ServerSource.POOL_SIZE,
                    server.statementTimeout(),
                    versions,
                    new ReadReplicas(replicas, maxLag));
        } catch (RuntimeException e) {
            throw new StartupException("cannot connect to '" + withoutPassword(url) + "': " + rootMessage(e), e);
        }
    }

    /** The URL as it may be logged: a password given in it is masked. */
    public static String withoutPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }

    /** Which database this is. */
    public Engine engine() {
        return engine;
    }

    /** The schema as the database has it now; statements prepared for the one before are dropped. */
    public Schema readSchema(SchemaReader reader) {
        handles.schemaRead();
        writer.schemaRead();
        reads.schemaRead();
        slowQueries.forgetPlans();
        try (Connection connection = dataSource.getConnection()) {
            // reads go to a replica only once it has replayed the schema read here (DDL made elsewhere)
            reads.committed(connection);
            return reader.read(connection);
        } catch (SQLException e) {
            throw new StartupException("cannot read the schema: " + rootMessage(e), e);
        }
    }

    /** Reads the database's catalog on a connection of the pool: what reflection beyond tables needs. */
    public interface Inspection<T> {
        T read(Connection connection) throws SQLException;
    }

    /** Runs {@code inspection} on a pooled connection; a failure is a {@link StartupException}. */
    public <T> T inspect(Inspection<T> inspection) {
        try (Connection connection = dataSource.getConnection()) {
            return inspection.read(connection);
        } catch (SQLException e) {
            throw new StartupException("cannot read the database's catalog: " + rootMessage(e), e);
        }
    }

    /** Calls {@code onChange} when the schema changes behind Tiddly's back; see {@link SchemaWatch}. */
    public SchemaWatch watchSchema(Runnable onChange) {
        return switch (engine) {
            case SQLITE -> SchemaWatch.polling(() -> handles.with(session -> runner.version(session)), onChange);
            case POSTGRES -> SchemaWatch.listening(dataSource, onChange);
            case MARIADB -> SchemaWatch.none();
        };
    }

    /** Calls {@code wake} when another instance or process commits changes; see {@link ChangeWatch}. */
    public ChangeWatch watchChanges(Runnable wake) {
        return switch (engine) {
            // the file's own data source: a connection outside the pool, held by the watch
            case SQLITE -> ChangeWatch.dataVersion(dataSource.getDataSource(), wake);
            case POSTGRES -> ChangeWatch.listening(dataSource, wake);
            case MARIADB -> ChangeWatch.none();
        };
    }

    /** How rows and bodies become ETags. */
    public Versions versions() {
        return versions;
    }

    /** How to write SQL for this database. */
    public Dialect dialect() {
        return engine.dialect();
    }

    /** "SQLite 3.54.1". */
    public String product() {
        try (Connection connection = dataSource.getConnection()) {
            var meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new StartupException("cannot read the database's version: " + rootMessage(e), e);
        }
    }

    /**
     * From now on every write also appends the rows it changed to the outbox, {@code
     * _tiddly_changes}, in its own transaction; creates the outbox where it is missing.
     */
    public void recordChanges() {
        try {
            createOutbox();
        } catch (SQLException first) {
            // Another instance starting at the same moment created it: PostgreSQL's IF NOT EXISTS
            // misses a table still being created and fails on the catalogue's unique index (23505) once
            // that one commits. The outbox is there now, so a second try is a no-op.
            try {
                createOutbox();
            } catch (SQLException e) {
                throw new StartupException("cannot create the outbox " + Outbox.TABLE + ": " + rootMessage(e), e);
            }
        }
        runner.capture(new Capture(engine, outbox));
    }

    private void createOutbox() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            for (String sql : outbox.create()) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Installs (or refreshes) PostgreSQL triggers on every table of {@code schema} with a primary
     * key, so that writes of other programs reach the outbox too; see {@link Triggers}.
     */
    public void installTriggers(Schema schema) {
        if (engine != Engine.POSTGRES) {
            throw new StartupException("--realtime-triggers works on PostgreSQL only: on "
                    + engine.name().toLowerCase(java.util.Locale.ROOT) + ", other programs append to " + Outbox.TABLE
                    + " themselves (see docs/realtime.md)");
        }
        try (Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            for (String sql : new Triggers(engine.dialect()).install(schema)) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new StartupException("cannot install the realtime triggers: " + rootMessage(e), e);
        }
    }

    /** Calls {@code listener} after each write transaction commits: the feed's cue to look for changes. */
    public void afterCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    /** The changes committed after {@code position}, oldest first, at most {@code limit}. */
    public List<Change> changesAfter(long position, int limit) {
        try {
            return handles.with(session -> runner.background(session, outbox.after(position, limit))).stream()
                    .map(Outbox::change)
                    .toList();
        } catch (JdbiException | StatementFailure e) {
            throw errors.translateRead(e);
        }
    }

    /** The oldest and newest positions the outbox keeps; both 0 when it is empty. */
    public record Positions(long oldest, long newest) {}

    public Positions positions() {
        return positions(this::background);
    }

    private Positions positions(Function<Statement, List<Map<String, Object>>> reader) {
        Map<String, Object> row = reader.apply(outbox.bounds()).get(0);
        return new Positions(position(row.get("oldest")), position(row.get("newest")));
    }

    private static long position(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private List<Map<String, Object>> background(Statement statement) {
        try {
            return handles.with(session -> runner.background(session, statement));
        } catch (JdbiException | StatementFailure e) {
            throw errors.translateRead(e);
        }
    }

    /** What a snapshot read, and the outbox position it read it at. */
    public record Snapshot<T>(T value, long position) {}

    /**
     * Runs {@code read} and reads the outbox's newest position in one read transaction on the
     * primary, so that the value holds every change up to the position and none after it (ids
     * follow commit order). It takes no write lock: writers commit while it reads ({@link SnapshotRead}).
     */
    public <T> Snapshot<T> snapshot(Function<Rows, T> read) {
        try {
            return handles.with(session -> SnapshotRead.in(session, engine, () -> {
                Rows inside = (statement, sink) -> runner.stream(session, statement, sink);
                T value = read.apply(inside);
                return new Snapshot<>(value, positions(inside::list).newest());
            }));
        } catch (JdbiException | StatementFailure e) {
            throw tallies.counted(errors.translateRead(e));
        } catch (DatabaseException e) {
            throw tallies.counted(e);
        }
    }

    /** Deletes changes written before {@code at} (milliseconds since the epoch), keeping the newest; how many went. */
    public long prune(long at) {
        // housekeeping no client waits for: it does not hold this instance's reads on the primary
        return transaction(false, inside -> inside.update(outbox.prune(at)));
    }

    /** Runs the script: a read on any pooled connection, a write in one transaction, all or nothing. */
    public Result run(Script script) {
        try {
            if (!script.writes()) {
                return reads.read(session -> runner.execute(session, script), () -> false);
            }
        } catch (JdbiException | StatementFailure e) {
            throw tallies.counted(errors.translate(script.query(), e));
        } catch (DatabaseException e) {
            throw tallies.counted(e);
        }
        return transaction(inside -> inside.run(script));
    }

    /**
     * SQL for application code outside a request's transaction (an after-commit hook): each
     * statement runs in a write transaction of its own.
     */
    public tiddly.hook.Sql sql() {
        return new tiddly.hook.Sql() {
            @Override
            public List<Map<String, Object>> query(String sql, Object... parameters) {
                return transaction(inside -> inside.sql().query(sql, parameters));
            }

            @Override
            public long update(String sql, Object... parameters) {
                return transaction(inside -> inside.sql().update(sql, parameters));
            }
        };
    }

    /** A transaction in progress: scripts and reads run in it see each other's writes. */
    public interface Transaction extends Rows {
        Result run(Script script);

        /** A statement that returns no rows; how many it changed. */
        long update(Statement statement);

        /** The transaction as application code (a hook, a Java function) runs SQL in it. */
        tiddly.hook.Sql sql();
    }

    @Override
    public void stream(Statement statement, Consumer<Map<String, Object>> sink) {
        stream(statement, sink, true);
    }

    /**
     * Rows read on the primary whatever replicas there are: what the realtime feed reads a change's
     * {@code has} and embeds with, since a replica may not have replayed the change yet.
     */
    public Rows primary() {
        return (statement, sink) -> stream(statement, sink, false);
    }

    private void stream(Statement statement, Consumer<Map<String, Object>> sink, boolean replica) {
        Sent sent = new Sent(sink);
        Function<Session, Object> read = session -> {
            if (engine == Engine.POSTGRES) {
                // PostgreSQL fetches rows a batch at a time only inside a transaction.
                session.handle().useTransaction(inside -> runner.stream(session, statement, sent));
            } else {
                runner.stream(session, statement, sent);
            }
            return null;
        };
        try {
            if (replica) {
                reads.read(read, sent::any);
            } else {
                handles.with(read);
            }
        } catch (JdbiException | StatementFailure e) {
            throw tallies.counted(errors.translateRead(e));
        } catch (DatabaseException e) {
            throw tallies.counted(e);
        }
    }

    /**
     * Application SQL that claims to only read (a read-only function's), its rows handed to {@code
     * sink} as {@link #stream} hands a list's: from a read connection, never held; columns typed by
     * the result's metadata. The claim is enforced, not trusted: the servers run it in a READ ONLY
     * transaction that is rolled back (PostgreSQL's rows then come a batch at a time), SQLite with
     * {@code query_only} on, so SQL that writes after all fails and changes nothing.
     */
    public void streamSql(String sql, List<Object> parameters, Consumer<Map<String, Object>> sink) {
        int fetchSize = engine == Engine.SQLITE ? 0 : FETCH_SIZE;
        Sent sent = new Sent(sink);
        try {
            reads.read(
                    session -> {
                        TransactionSql reader = new TransactionSql(session, timeout, this::translateReadOnly);
                        Handle handle = session.handle();
                        if (engine == Engine.SQLITE) {
                            handle.execute("PRAGMA query_only = 1");
                            try {
                                reader.stream(sql, parameters, fetchSize, sent);
                            } finally {
                                handle.execute("PRAGMA query_only = 0");
                            }
                        } else {
                            handle.useTransaction(inside -> {
                                try {
                                    inside.execute("SET TRANSACTION READ ONLY");
                                    reader.stream(sql, parameters, fetchSize, sent);
                                } finally {
                                    inside.rollback();
                                }
                            });
                        }
                        return null;
                    },
                    sent::any);
        } catch (JdbiException e) {
            throw tallies.counted(translateReadOnly(e));
        } catch (DatabaseException e) {
            throw tallies.counted(e);
        }
    }

    /** A read that the database refused because it tried to write is the function's fault, not the server's. */
    private DatabaseException translateReadOnly(RuntimeException error) {
        return Failures.writeRefused(error) ? Failures.notReadOnly(error) : errors.translateRead(error);
    }

    /** A sink that remembers whether it was handed a row: a read that sent some cannot run again. */
    private static final class Sent implements Consumer<Map<String, Object>> {
        private final Consumer<Map<String, Object>> sink;
        private boolean any;

        Sent(Consumer<Map<String, Object>> sink) {
            this.sink = sink;
        }

        @Override
        public void accept(Map<String, Object> row) {
            any = true;
            sink.accept(row);
        }

        boolean any() {
            return any;
        }
    }

    /**
     * Runs {@code work} in one write transaction: everything it runs applies, or, if it throws,
     * nothing does. Errors of a script are translated as {@link #run} translates them.
     */
    public <T> T transaction(Function<Transaction, T> work) {
        return transaction(true, work);
    }

    /** @param acknowledged a client will be answered for it: its position counts for read-your-writes */
    private <T> T transaction(boolean acknowledged, Function<Transaction, T> work) {
        try {
            if (engine == Engine.SQLITE) {
                return locked(work);
            }
            T result = retried(work, acknowledged);
            committed();
            return result;
        } catch (DatabaseException e) {
            throw tallies.counted(e);
        }
    }

    /**
     * Runs {@code work} in a transaction that is rolled back, never committed: whatever it wrote
     * (a function that claims to only read, but does not) is undone, and no commit listener hears of it.
     */
    public <T> T rolledBack(Function<Transaction, T> work) {
        try {
            transaction(inside -> {
                throw new Undone(work.apply(inside));
            });
        } catch (Undone undone) {
            @SuppressWarnings("unchecked")
            T value = (T) undone.value;
            return value;
        }
        throw new IllegalStateException("a rolled-back transaction always ends in Undone");
    }

    /** Carries a rolled-back transaction's value out of it: throwing is how Jdbi is told to roll back. */
    private static final class Undone extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object value;

        Undone(Object value) {
            super(null, null, false, false);
            this.value = value;
        }
    }

    /** SQLite: one write at a time, in the order they came (the lock is fair). */
    private <T> T locked(Function<Transaction, T> work) {
        try {
            if (!writeLock.tryLock(0, TimeUnit.NANOSECONDS)) { // unlike tryLock(), this keeps the queue's order
                long start = System.nanoTime();
                writeLock.lockInterruptibly();
                tallies.lockWaits.increment();
                tallies.lockWaitNanos.add(System.nanoTime() - start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.interrupted(e);
        }
        T result;
        try {
            result = once(work, false);
        } finally {
            writeLock.unlock();
        }
        committed();
        return result;
    }

    private void committed() {
        commitListeners.forEach(Runnable::run);
    }

    /** A server's serializable transaction, run again while it meets concurrent ones. */
    private <T> T retried(Function<Transaction, T> work, boolean acknowledged) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work, acknowledged);
            } catch (RetryException e) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw Failures.conflict(e.getCause());
                }
                tallies.retries.increment();
            }
        }
    }

    /** Thrown out of a transaction that may succeed when run again. */
    private static final class RetryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetryException(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private <T> T once(Function<Transaction, T> work, boolean acknowledged) {
        TransactionIsolationLevel isolation = engine == Engine.SQLITE
                ? TransactionIsolationLevel.UNKNOWN // BEGIN IMMEDIATE already serializes
                : TransactionIsolationLevel.SERIALIZABLE;
        try {
            return writer.with(session -> committed(
                    session,
                    acknowledged,
                    session.handle()
                            .inTransaction(
                                    isolation,
                                    handle -> work.apply(new Transaction() {
                                        @Override
                                        public Result run(Script script) {
                                            try {
                                                return runner.execute(session, script);
                                            } catch (JdbiException | StatementFailure e) {
                                                throw retriedOr(e, () -> errors.translate(script.query(), e));
                                            }
                                        }

                                        @Override
                                        public long update(Statement statement) {
                                            try {
                                                return runner.update(session, statement);
                                            } catch (JdbiException | StatementFailure e) {
                                                throw retriedOr(e, () -> errors.translateRead(e));
                                            }
                                        }

                                        @Override
                                        public tiddly.hook.Sql sql() {
                                            return new TransactionSql(
                                                    session, timeout, e -> retriedOr(e, () -> errors.translateRead(e)));
                                        }

                                        @Override
                                        public void stream(Statement statement, Consumer<Map<String, Object>> sink) {
                                            try {
                                                runner.stream(session, statement, sink);
                                            } catch (JdbiException | StatementFailure e) {
                                                throw retriedOr(e, () -> errors.translateRead(e));
                                            }
                                        }
                                    }))));
        } catch (JdbiException e) {
            // the commit itself: a conflict is retried, busy is a 503, anything else a 500
            throw retriedOr(e, () -> errors.translateRead(e));
        }
    }

    /** A write just committed on {@code session}: its WAL position decides where this instance's next reads may go. */
    private <T> T committed(Session session, boolean acknowledged, T result) {
        if (acknowledged) {
            reads.committed(session.handle().getConnection());
        }
        return result;
    }

    /** Inside a transaction: a conflict makes the whole transaction run again, else the client hears {@code translated}. */
    private RuntimeException retriedOr(RuntimeException error, Supplier<DatabaseException> translated) {
        return errors.retryable(error) ? new RetryException(error) : translated.get();
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    @Override
    public void close() {
        checkpoints.ifPresent(Checkpoints::close);
        probe.close();
        reads.close();
        handles.close();
        if (writer != handles) {
            writer.close();
        }
        dataSource.close();
    }
}
