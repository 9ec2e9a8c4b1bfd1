package tiddly.sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Update;
import tiddly.query.Where;

/**
 * Runs one script on one handle, inside whatever transaction {@link Database} opened: the If-Match
 * guard, the statements under the statement timeout, MariaDB's read-back of updated rows, and the
 * check that every written row stays inside the caller's rules.
 */
final class ScriptRunner {
    private final StatementTimeout timeout;
    private final Versions versions;
    private final int fetchSize;
    private final SqlWriter writer;

    /** @param fetchSize rows fetched at a time; 0 for the driver's default (SQLite steps row by row) */
    ScriptRunner(StatementTimeout timeout, Versions versions, int fetchSize, SqlWriter writer) {
        this.timeout = timeout;
        this.versions = versions;
        this.fetchSize = fetchSize;
        this.writer = writer;
    }

    /** Runs a SELECT (or a RETURNING write), row by row, under the statement timeout until its first row. */
    void stream(Handle handle, Statement statement, Consumer<Map<String, Object>> sink) {
        arm(handle);
        timeout.start();
        try {
            bind(handle.createQuery(statement.sql()), statement)
                    .setFetchSize(fetchSize)
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

    Result execute(Handle handle, Script script) {
        if (script.guard().isPresent()) {
            Script.Guard guard = script.guard().get();
            List<Map<String, Object>> current = rows(handle, guard.current());
            if (current.isEmpty()) {
                return new Result(List.of(), 0);
            }
            Map<String, Object> row = new LinkedHashMap<>(current.get(0));
            String etag = (String) row.remove(Database.ETAG);
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
                if (returned.stream().anyMatch(row -> "".equals(row.get(Database.ETAG)))) {
                    throw Failures.unique(script.query().table(), List.of(), null);
                }
                returned.removeIf(row -> statement.versioned() && !row.containsKey(Database.ETAG));
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
}
