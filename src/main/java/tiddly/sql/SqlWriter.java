package tiddly.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import tiddly.query.Delete;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.JsonEdits;
import tiddly.query.OnConflict;
import tiddly.query.Page;
import tiddly.query.Precondition;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * Query model → SQL text and parameters. Pure: no connection, no schema lookups. Identifiers come
 * from the query's schema objects and are quoted by the dialect; every value is a parameter.
 */
public final class SqlWriter {
    private final Dialect dialect;
    private final SelectWriter selects;

    public SqlWriter(Dialect dialect) {
        this.dialect = dialect;
        this.selects = new SelectWriter(dialect);
    }

    public Script write(Query query) {
        if (query instanceof Fetch fetch) {
            return new Script(query, List.of(selects.select(fetch)));
        }
        if (query instanceof Insert insert) {
            List<Statement> statements = new ArrayList<>();
            for (Row row : insert.rows()) {
                if (insert.onConflict().isPresent() && dialect.onDuplicateKey()) {
                    statements.add(DuplicateKey.reset());
                }
                statements.add(insert(insert, row));
            }
            return new Script(query, statements);
        }
        if (query instanceof Update update) {
            Optional<Script.Guard> guard = guard(update.table(), update.where(), update.precondition());
            if (returnsRows(update) && !dialect.updateReturns()) {
                return new Script(query, List.of(lockKeys(update), update(update, false)), guard, true);
            }
            return new Script(query, List.of(update(update, returnsRows(update))), guard, false);
        }
        Delete delete = (Delete) query;
        return new Script(
                query, List.of(delete(delete)), guard(delete.table(), delete.where(), delete.precondition()), false);
    }

    /** The rows a single or rule-checked update writes are returned: the one to show, the others to check. */
    private static boolean returnsRows(Update update) {
        return update.single() || update.check().isPresent();
    }

    /** The keys of the rows {@code update} will change, locked until the transaction ends. */
    private Statement lockKeys(Update update) {
        Table table = update.table();
        List<Object> parameters = new ArrayList<>();
        StringJoiner keys = new StringJoiner(", ", "SELECT ", " FROM " + dialect.quote(table.name()));
        table.primaryKey().forEach(column -> keys.add(dialect.quote(column.name())));
        StringBuilder sql = new StringBuilder(keys.toString());
        where(sql, update.where(), parameters, table);
        sql.append(" FOR UPDATE");
        return new Statement(sql.toString(), parameters, table.primaryKey(), false);
    }

    /** The rows whose keys {@code keys} are, as a single-row write returns them: versioned. */
    Statement readBack(Table table, List<Map<String, Object>> keys) {
        List<Where> rows = new ArrayList<>();
        for (Map<String, Object> key : keys) {
            List<Where> parts = new ArrayList<>();
            table.primaryKey()
                    .forEach(column -> parts.add(new Where.Compare(column, Where.Operator.EQ, key.get(column.name()))));
            rows.add(new Where.And(parts));
        }
        return selects.select(
                new Fetch(table, new Where.Or(rows), List.of(), new Page(Math.max(1, keys.size()), 0), false, true));
    }

    /**
     * Of the rows whose keys {@code keys} are, those {@code rule} holds for, as a read finds them:
     * the check of written rows against a rule that one row's values cannot decide alone.
     */
    Statement inside(Table table, List<List<Object>> keys, Where rule) {
        List<Where> rows = new ArrayList<>();
        for (List<Object> key : keys) {
            List<Where> parts = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                parts.add(new Where.Compare(table.primaryKey().get(i), Where.Operator.EQ, key.get(i)));
            }
            rows.add(new Where.And(parts));
        }
        return selects.select(new Fetch(
                table, new Where.Or(rows).and(rule), List.of(), new Page(Math.max(1, keys.size()), 0), false, false));
    }

    /** For an If-Match: the row as it is now, with its version, read in the write's transaction. */
    private Optional<Script.Guard> guard(Table table, Where where, Optional<Precondition> precondition) {
        return precondition.map(condition -> {
            Fetch current = new Fetch(table, where, List.of(), new Page(1, 0), true, true);
            return new Script.Guard(selects.select(current), condition);
        });
    }

    private Statement insert(Insert insert, Row row) {
        Table table = insert.table();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(dialect.quote(table.name()));
        List<Object> parameters = new ArrayList<>();
        if (row.values().isEmpty()) {
            sql.append(dialect.defaultValues());
        } else {
            StringJoiner names = new StringJoiner(", ", " (", ")");
            StringJoiner marks = new StringJoiner(", ", " VALUES (", ")");
            for (Map.Entry<Column, Object> value : row.values().entrySet()) {
                names.add(dialect.quote(value.getKey().name()));
                marks.add(dialect.valueMark(value.getKey()));
                parameters.add(value.getValue());
            }
            sql.append(names).append(marks);
            if (insert.onConflict().isPresent() && dialect.onDuplicateKey()) {
                DuplicateKey upsert =
                        new DuplicateKey(dialect, insert.onConflict().get(), table);
                upsert.clause(sql, row, parameters);
                sql.append(" RETURNING ").append(upsert.returning(visibleColumns(table)));
                return new Statement(sql.toString(), parameters, table.visibleColumns(), true);
            }
            insert.onConflict().ifPresent(conflict -> onConflict(sql, conflict, row, table, parameters));
        }
        return returning(sql, parameters, table);
    }

    /**
     * An upsert: on a conflict with the target columns, update the row's other given columns (only
     * where the caller's update rule allows, never the columns a rule sets), or skip it.
     */
    private void onConflict(StringBuilder sql, OnConflict conflict, Row row, Table table, List<Object> parameters) {
        StringJoiner target = new StringJoiner(", ", " ON CONFLICT (", ")");
        conflict.columns().forEach(column -> target.add(dialect.quote(column.name())));
        sql.append(target);
        StringJoiner assignments = new StringJoiner(", ");
        if (conflict.action() == OnConflict.Action.UPDATE) {
            for (Column column : row.values().keySet()) {
                if (!conflict.columns().contains(column)
                        && !conflict.unchanged().contains(column)) {
                    String name = dialect.quote(column.name());
                    assignments.add(name + " = excluded." + name);
                }
            }
        }
        if (assignments.length() == 0) {
            sql.append(" DO NOTHING");
            return;
        }
        sql.append(" DO UPDATE SET ").append(assignments);
        Conditions.qualified(dialect, parameters).clause(sql, "WHERE", conflict.where(), dialect.quote(table.name()));
    }

    private Statement update(Update update, boolean returning) {
        Table table = update.table();
        List<Object> parameters = new ArrayList<>();
        StringJoiner assignments = new StringJoiner(", ", " SET ", "");
        for (Map.Entry<Column, Object> value : update.values().values().entrySet()) {
            String name = dialect.quote(value.getKey().name());
            if (value.getValue() instanceof JsonEdits edits) {
                assignments.add(name + " = " + dialect.jsonSet(name, value.getKey(), edits, parameters));
                continue;
            }
            assignments.add(name + " = " + dialect.valueMark(value.getKey()));
            parameters.add(value.getValue());
        }
        StringBuilder sql =
                new StringBuilder("UPDATE ").append(dialect.quote(table.name())).append(assignments);
        where(sql, update.where(), parameters, table);
        return returning
                ? returning(sql, parameters, table)
                : new Statement(sql.toString(), parameters, List.of(), false);
    }

    private Statement delete(Delete delete) {
        Table table = delete.table();
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(dialect.quote(table.name()));
        where(sql, delete.where(), parameters, table);
        return delete.single()
                ? returning(sql, parameters, table)
                : new Statement(sql.toString(), parameters, List.of(), false);
    }

    /** Single-row writes return the row as stored, with its version for the ETag. */
    private Statement returning(StringBuilder sql, List<Object> parameters, Table table) {
        sql.append(" RETURNING ").append(columnList(table));
        return new Statement(sql.toString(), parameters, table.visibleColumns(), true);
    }

    private void where(StringBuilder sql, Where where, List<Object> parameters, Table table) {
        new Conditions(dialect, parameters, Map.of()).clause(sql, "WHERE", where, dialect.quote(table.name()));
    }

    /** The visible columns, then the content of every column, for the ETag. */
    private String columnList(Table table) {
        return visibleColumns(table) + ", " + dialect.rowContent(table);
    }

    private String visibleColumns(Table table) {
        StringJoiner list = new StringJoiner(", ");
        for (Column column : table.visibleColumns()) {
            list.add(dialect.quote(column.name()));
        }
        return list.toString();
    }
}
