package tiddly.sql;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.CaseStrategy;
import org.jdbi.v3.core.mapper.MapMappers;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import tiddly.Settings;
import tiddly.StartupException;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.schema.Schema;
import tiddly.schema.SchemaReader;

/**
 * The only holder of Jdbi: runs scripts and returns rows. Reads share a connection pool. On
 * SQLite, writes are funnelled through one lock into immediate transactions, so that concurrent
 * writers queue in Tiddly instead of failing with SQLITE_BUSY; on a database server they run
 * concurrently in serializable transactions, retried when they meet. No SQL exception leaves
 * this class.
 */
public final class Database implements Rows, AutoCloseable {
    /** The key under which a versioned row carries its ETag. */
    public static final String ETAG = "_etag";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    /** Writes retried after a serialization failure or deadlock before the client is told. */
    private static final int WRITE_ATTEMPTS = 4;
    /** Rows fetched from a server at a time, so that a long list streams instead of filling the heap. */
    private static final int FETCH_SIZE = 500;

    private final Engine engine;
    private final Errors errors;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final LongAdder statements = new LongAdder();
    private final StatementTimeout timeout;
    private final Versions versions;
    private final Handles handles;
    private final SqlWriter writer;

    private Database(
            HikariDataSource dataSource, Engine engine, int poolSize, Duration statementTimeout, Versions versions) {
        this.dataSource = dataSource;
        this.engine = engine;
        this.errors = engine.errors();
        this.writer = new SqlWriter(engine.dialect());
        this.versions = versions;
        this.timeout = new StatementTimeout(engine == Engine.SQLITE, statementTimeout.toMillis());
        this.jdbi = Jdbi.create(dataSource);
        jdbi.getConfig(MapMappers.class).setCaseChange(CaseStrategy.NOP);
        jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.increment();
            }
        });
        this.handles = new Handles(jdbi, poolSize); // last: handles copy the configuration above
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
                    versions);
        } catch (RuntimeException e) {
            throw new StartupException("cannot open database '" + file + "': " + rootMessage(e), e);
        }
    }

    /**
     * Connects to a PostgreSQL or MariaDB/MySQL server.
     *
     * @param url a jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL
     * @param schema the PostgreSQL schema to serve
     * @param versions hashes rows into ETags; instances over one database must share its key
     */
    public static Database openServer(
            String url,
            String schema,
            Optional<String> user,
            Optional<String> password,
            Duration statementTimeout,
            Versions versions) {
        Engine engine = Engine.of(url);
        try {
            return new Database(
                    ServerSource.pool(engine, url, schema, user, password, statementTimeout),
                    engine,
                    ServerSource.POOL_SIZE,
                    statementTimeout,
                    versions);
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

    /** The schema as the database has it now. */
    public Schema readSchema(SchemaReader reader) {
        try {
            return reader.read(jdbi);
        } catch (JdbiException | SQLException e) {
            throw new StartupException("cannot read the schema: " + rootMessage(e), e);
        }
    }

    /** Calls {@code onChange} when the schema changes behind Tiddly's back; see {@link SchemaWatch}. */
    public SchemaWatch watchSchema(Runnable onChange) {
        return switch (engine) {
            case SQLITE ->
                SchemaWatch.polling(
                        () -> handles.with(handle -> handle.createQuery("PRAGMA schema_version")
                                .mapTo(Long.class)
                                .one()),
                        onChange);
            case POSTGRES -> SchemaWatch.listening(dataSource, onChange);
            case MARIADB -> SchemaWatch.none();
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

    /** "SQLite 3.50.3". */
    public String product() {
        try {
            return jdbi.withHandle(handle -> {
                var meta = handle.getConnection().getMetaData();
                return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            });
        } catch (SQLException | JdbiException e) {
            throw new StartupException("cannot read the database's version: " + rootMessage(e), e);
        }
    }

    /** Runs the script: a read on any pooled connection, a write in one transaction, all or nothing. */
    public Result run(Script script) {
        try {
            if (!script.writes()) {
                return handles.with(handle -> execute(handle, script));
            }
        } catch (JdbiException e) {
            throw errors.translate(script.query(), e);
        }
        return transaction(inside -> inside.run(script));
    }

    /** A transaction in progress: scripts and reads run in it see each other's writes. */
    public interface Transaction extends Rows {
        Result run(Script script);
    }

    @Override
    public void stream(Statement statement, Consumer<Map<String, Object>> sink) {
        try {
            handles.with(handle -> {
                if (engine == Engine.POSTGRES) {
                    // PostgreSQL fetches rows a batch at a time only inside a transaction.
                    handle.useTransaction(inside -> stream(inside, statement, sink));
                } else {
                    stream(handle, statement, sink);
                }
                return null;
            });
        } catch (JdbiException e) {
            throw errors.translateRead(e);
        }
    }

    /** Runs a SELECT (or a RETURNING write), row by row, under the statement timeout until its first row. */
    private void stream(Handle handle, Statement statement, Consumer<Map<String, Object>> sink) {
        arm(handle);
        timeout.start();
        try {
            bind(handle.createQuery(statement.sql()), statement)
                    .setFetchSize(engine == Engine.SQLITE ? 0 : FETCH_SIZE)
                    .map((resultSet, context) -> {
                        timeout.stop(); // rows are coming: a slow reader must not cut the stream
                        return RowMapping.row(resultSet, statement, versions);
                    })
                    .forEach(sink);
        } finally {
            timeout.stop();
        }
    }

    private int update(Handle handle, Statement statement) {
        arm(handle);
        timeout.start();
        try {
            return bind(handle.createUpdate(statement.sql()), statement).execute();
        } finally {
            timeout.stop();
        }
    }

    private void arm(Handle handle) {
        try {
            timeout.arm(handle.getConnection());
        } catch (SQLException e) {
            throw new DatabaseException(500, "database_error", "the database failed to run the request", e);
        }
    }

    /**
     * Runs {@code work} in one write transaction: everything it runs applies, or, if it throws,
     * nothing does. Errors of a script are translated as {@link #run} translates them.
     */
    public <T> T transaction(Function<Transaction, T> work) {
        if (engine != Engine.SQLITE) {
            return retried(work);
        }
        try {
            writeLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.interrupted(e);
        }
        try {
            return once(work);
        } finally {
            writeLock.unlock();
        }
    }

    /** A server's serializable transaction, run again while it meets concurrent ones. */
    private <T> T retried(Function<Transaction, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (RetryException e) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw Failures.conflict(e.getCause());
                }
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

    private <T> T once(Function<Transaction, T> work) {
        TransactionIsolationLevel isolation = engine == Engine.SQLITE
                ? TransactionIsolationLevel.UNKNOWN // BEGIN IMMEDIATE already serializes
                : TransactionIsolationLevel.SERIALIZABLE;
        try {
            return handles.with(open -> open.inTransaction(
                    isolation,
                    handle -> work.apply(new Transaction() {
                        @Override
                        public Result run(Script script) {
                            try {
                                return execute(handle, script);
                            } catch (JdbiException e) {
                                throw errors.retryable(e) ? new RetryException(e) : errors.translate(script.query(), e);
                            }
                        }

                        @Override
                        public void stream(Statement statement, Consumer<Map<String, Object>> sink) {
                            try {
                                Database.this.stream(handle, statement, sink);
                            } catch (JdbiException e) {
                                throw errors.retryable(e) ? new RetryException(e) : errors.translateRead(e);
                            }
                        }
                    })));
        } catch (JdbiException e) {
            // the commit itself: a conflict is retried, busy is a 503, anything else a 500
            throw errors.retryable(e) ? new RetryException(e) : errors.translateRead(e);
        }
    }

    private Result execute(Handle handle, Script script) {
        if (script.guard().isPresent()) {
            Script.Guard guard = script.guard().get();
            List<Map<String, Object>> current = rows(handle, guard.current());
            if (current.isEmpty()) {
                return new Result(List.of(), 0);
            }
            Map<String, Object> row = new LinkedHashMap<>(current.get(0));
            String etag = (String) row.remove(ETAG);
            if (!guard.precondition().matches(etag)) {
                throw new PreconditionFailedException(row, etag);
            }
        }
        if (script.readBack()) {
            return readBack(handle, script);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        long count = 0;
        for (Statement statement : script.statements()) {
            if (statement.returnsRows()) {
                List<Map<String, Object>> returned = rows(handle, statement);
                // MariaDB returns an upserted row all the same: without a version if it was left
                // alone, with an empty one if the duplicate was on another unique key.
                if (returned.stream().anyMatch(row -> "".equals(row.get(ETAG)))) {
                    throw Failures.unique(script.query().table(), List.of(), null);
                }
                returned.removeIf(row -> statement.versioned() && !row.containsKey(ETAG));
                if (returned.isEmpty() && guardedUpsert(script)) {
                    throw Failures.notYours(script.query().table());
                }
                rows.addAll(returned);
            } else {
                count += update(handle, statement);
            }
        }
        check(script, rows);
        return new Result(rows, count);
    }

    /** An update where UPDATE … RETURNING does not exist: lock the rows' keys, update, read them back. */
    private Result readBack(Handle handle, Script script) {
        Update update = (Update) script.query();
        List<Map<String, Object>> keys = rows(handle, script.statements().get(0));
        long count = update(handle, script.statements().get(1));
        for (Map<String, Object> key : keys) {
            update.values().values().forEach((column, value) -> {
                if (column.primaryKey()) {
                    key.put(column.name(), value); // the update moved the row to a new key
                }
            });
        }
        List<Map<String, Object>> rows =
                keys.isEmpty() ? List.of() : rows(handle, writer.readBack(update.table(), keys));
        check(script, rows);
        return new Result(rows, count);
    }

    /** An upsert whose update only some rows allow: a row it left alone was someone else's. */
    private static boolean guardedUpsert(Script script) {
        return script.query() instanceof Insert insert
                && insert.onConflict()
                        .filter(conflict -> conflict.action() == OnConflict.Action.UPDATE
                                && !conflict.where().equals(Where.ALL))
                        .isPresent();
    }

    /** A row rule of the caller's: every row written must match it, else the transaction rolls back. */
    private static void check(Script script, List<Map<String, Object>> rows) {
        Optional<Where> check = script.query() instanceof Insert insert
                ? insert.check()
                : script.query() instanceof Update update ? update.check() : Optional.empty();
        if (check.isPresent() && !rows.stream().allMatch(row -> RowCheck.matches(check.get(), row))) {
            throw new DatabaseException(
                    403,
                    "forbidden",
                    "the write would leave a row outside what your rules allow, so it was not made",
                    null);
        }
    }

    private List<Map<String, Object>> rows(Handle handle, Statement statement) {
        List<Map<String, Object>> rows = new ArrayList<>();
        stream(handle, statement, rows::add);
        return rows;
    }

    private static <T extends SqlStatement<T>> T bind(T sql, Statement statement) {
        List<Object> parameters = statement.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            sql.bind(i, parameters.get(i));
        }
        return sql;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    @Override
    public void close() {
        handles.close();
        dataSource.close();
    }
}
