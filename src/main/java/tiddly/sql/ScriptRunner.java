package tiddly.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Update;
import tiddly.query.Where;

/**
 * Runs one script in one session, inside whatever transaction {@link Database} opened: the If-Match
 * guard, the statements under the statement timeout, MariaDB's read-back of updated rows, and the
 * check that every written row stays inside the caller's rules. Statements run on the session's
 * prepared statements over plain JDBC: Jdbi's per-statement set-up (a copy of its configuration,
 * a statement context) was a fifth of the time of reading one row.
 */
final class ScriptRunner {
    private final StatementTimeout timeout;
    private final Versions versions;
    private final int fetchSize;
    private final SqlWriter writer;
    private final LongAdder statementsRun;
    private final LongAdder rowsRead;
    private final SlowQueries slowQueries;
    private final Engine engine;
    private final WrittenRows ruleCheck;
    /** Records what writes change, in their transaction; empty while realtime is off. */
    private volatile Optional<Capture> capture = Optional.empty();

    /**
     * @param fetchSize rows fetched at a time; 0 for the driver's default (SQLite steps row by row)
     * @param statementsRun counts every statement a request ran (not the schema version polls)
     * @param rowsRead counts the rows those statements read
     * @param slowQueries where a statement slower than its threshold is told, with its plan's advice
     */
    ScriptRunner(
            StatementTimeout timeout,
            Versions versions,
            int fetchSize,
            SqlWriter writer,
            LongAdder statementsRun,
            LongAdder rowsRead,
            SlowQueries slowQueries,
            Engine engine) {
        this.timeout = timeout;
        this.versions = versions;
        this.fetchSize = fetchSize;
        this.writer = writer;
        this.statementsRun = statementsRun;
        this.rowsRead = rowsRead;
        this.slowQueries = slowQueries;
        this.engine = engine;
        this.ruleCheck = new WrittenRows(writer);
    }

    /**
     * Runs a SELECT (or a RETURNING write), row by row, under the statement timeout until its first
     * row and then between two rows (not while a row is handed on).
     *
     * @throws StatementFailure when the database refuses it
     */
    void stream(Session session, Statement statement, Consumer<Map<String, Object>> sink) {
        statementsRun.increment();
        read(session, statement, sink);
    }

    /** The rows of a read no request asked for (the feed's polls): not counted in {@code statementsRun}. */
    List<Map<String, Object>> background(Session session, Statement statement) {
        List<Map<String, Object>> rows = new ArrayList<>();
        read(session, statement, rows::add);
        return rows;
    }

    private void read(Session session, Statement statement, Consumer<Map<String, Object>> sink) {
        run(session, statement, prepared -> {
            prepared.setFetchSize(fetchSize);
            prepared.execute();
            long rows = 0;
            try (ResultSet resultSet = prepared.getResultSet()) {
                while (resultSet.next()) {
                    timeout.stop(); // a slow reader must not cut the stream while a row reaches it
                    rows++;
                    sink.accept(RowMapping.row(resultSet, statement, versions));
                    timeout.start(); // the search for the next row has the whole timeout again
                }
            } finally {
                rowsRead.add(rows);
            }
            return rows;
        });
    }

    long update(Session session, Statement statement) {
        statementsRun.increment();
        return run(session, statement, PreparedStatement::executeUpdate);
    }

    /** Runs a bound statement; gives the rows it read or changed. */
    private interface Execution {
        long run(PreparedStatement prepared) throws SQLException;
    }

    /**
     * One statement, bound, run under the statement timeout, its values released after;
     * timed for the slow-query log (two clock reads: no allocation unless it was slow).
     */
    private long run(Session session, Statement statement, Execution execution) {
        long rows;
        long start = System.nanoTime();
        try {
            PreparedStatement prepared =
                    session.statements().bound(statement.sql(), statement.parameters(), statement.planEachRun());
            timeout.start();
            try {
                rows = execution.run(prepared);
            } finally {
                timeout.stop();
                PreparedStatements.release(prepared);
            }
        } catch (SQLException e) {
            session.statements().discard(statement.sql());
            throw new StatementFailure(e);
        }
        long nanos = System.nanoTime() - start;
        if (slowQueries.slow(nanos)) {
            slowQueries.record(
                    statement,
                    rows,
                    nanos,
                    slowQueries.advice(
                            statement.sql(),
                            () -> PlanAdvice.explain(session.handle().getConnection(), engine, statement)));
        }
        return rows;
    }

    /** SQLite's schema version, which every change to the schema raises. */
    long version(Session session) {
        try (ResultSet row =
                session.statements().bound("PRAGMA schema_version", List.of()).executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new StatementFailure(e);
        }
    }

    /** From now on, every write also appends what it changed to the outbox. */
    void capture(Capture changes) {
        capture = Optional.of(changes);
    }

    Result execute(Session session, Script script) {
        Optional<Capture> changes = capture;
        if (!script.writes() || changes.isEmpty()) {
            return apply(session, script);
        }
        Capture.Runs runs = new Capture.Runs() {
            @Override
            public List<Map<String, Object>> rows(Statement statement) {
                return ScriptRunner.this.rows(session, statement);
            }

            @Override
            public long update(Statement statement) {
                return ScriptRunner.this.update(session, statement);
            }
        };
        List<Map<String, Object>> before = changes.get().before(runs, script);
        Result result = apply(session, script);
        changes.get().after(runs, script, before, result);
        return result;
    }

    /** Runs the script's statements, checking its guard before and its rule after. */
    private Result apply(Session session, Script script) {
        if (script.guard().isPresent()) {
            Script.Guard guard = script.guard().get();
            List<Map<String, Object>> current = rows(session, guard.current());
            if (current.isEmpty()) {
                return new Result(List.of(), 0);
            }
            Map<String, Object> row = new LinkedHashMap<>(current.get(0));
            String etag = (String) row.remove(Database.ETAG);
            if (!guard.precondition().matches(etag)) {
                throw PreconditionFailedException.of(guard.precondition().showsRow(), row, etag);
            }
        }
        if (script.readBack()) {
            return readBack(session, script);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        long count = 0;
        for (Statement statement : script.statements()) {
            if (statement.returnsRows()) {
                List<Map<String, Object>> returned = rows(session, statement);
                // MariaDB returns an upserted row all the same: without a version if it was left
                // alone, with an empty one if the duplicate was on another unique key.
                if (returned.stream().anyMatch(row -> "".equals(row.get(Database.ETAG)))) {
                    throw Failures.unique(script.query().table(), List.of(), null);
                }
                returned.removeIf(row -> statement.versioned() && !row.containsKey(Database.ETAG));
                if (returned.isEmpty() && guardedUpsert(script)) {
                    throw Failures.notYours(script.query().table());
                }
                rows.addAll(returned);
            } else {
                count += update(session, statement);
            }
        }
        check(session, script, rows);
        return new Result(rows, count);
    }

    /** An update where UPDATE … RETURNING does not exist: lock the rows' keys, update, read them back. */
    private Result readBack(Session session, Script script) {
        Update update = (Update) script.query();
        List<Map<String, Object>> keys = rows(session, script.statements().get(0));
        long count = update(session, script.statements().get(1));
        for (Map<String, Object> key : keys) {
            update.values().values().forEach((column, value) -> {
                if (column.primaryKey()) {
                    key.put(column.name(), value); // the update moved the row to a new key
                }
            });
        }
        List<Map<String, Object>> rows =
                keys.isEmpty() ? List.of() : rows(session, writer.readBack(update.table(), keys));
        check(session, script, rows);
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
    private void check(Session session, Script script, List<Map<String, Object>> rows) {
        Optional<Where> check = script.query() instanceof Insert insert
                ? insert.check()
                : script.query() instanceof Update update ? update.check() : Optional.empty();
        if (check.isPresent()
                && !ruleCheck.inside(
                        script.query().table(), check.get(), rows, statement -> rows(session, statement))) {
            throw new DatabaseException(
                    403,
                    "forbidden",
                    "the write would leave a row outside what your rules allow, so it was not made",
                    null);
        }
    }

    private List<Map<String, Object>> rows(Session session, Statement statement) {
        List<Map<String, Object>> rows = new ArrayList<>();
        stream(session, statement, rows::add);
        return rows;
    }
}
