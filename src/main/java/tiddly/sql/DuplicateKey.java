package tiddly.sql;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import tiddly.query.OnConflict;
import tiddly.query.Row;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * An upsert in MariaDB's words: ON DUPLICATE KEY UPDATE has no WHERE, so each assignment keeps
 * the old value unless the caller's update rule holds for the existing row; the rule is evaluated
 * once, into a session variable, which RETURNING then reads to hand back no version for a row that
 * was left alone (an ignored duplicate, or a row the caller's rules do not let it update). And as
 * it fires on any unique key, the variable is NULL when the duplicate was not on the target columns:
 * RETURNING then gives an empty content, which {@link Database} answers as a unique violation,
 * like ON CONFLICT (target) on the other databases.
 */
final class DuplicateKey {
    private static final String OK = "@tiddly_upsert_ok";

    private final Dialect dialect;
    private final OnConflict conflict;
    private final Table table;

    DuplicateKey(Dialect dialect, OnConflict conflict, Table table) {
        this.dialect = dialect;
        this.conflict = conflict;
        this.table = table;
    }

    /** Run before each upserted row: a row inserted without a conflict counts as written. */
    static Statement reset() {
        return new Statement("SET " + OK + " = 1", List.of(), List.of(), false);
    }

    void clause(StringBuilder sql, Row row, List<Object> parameters) {
        StringJoiner assignments = new StringJoiner(", ", " ON DUPLICATE KEY UPDATE ", "");
        boolean first = true;
        for (Map.Entry<Column, Object> value : row.values().entrySet()) {
            Column column = value.getKey();
            if (conflict.action() != OnConflict.Action.UPDATE
                    || conflict.columns().contains(column)
                    || conflict.unchanged().contains(column)) {
                continue;
            }
            String name = dialect.quote(column.name());
            assignments.add(
                    name + " = IF(" + (first ? condition(parameters) : OK) + ", VALUES(" + name + "), " + name + ")");
            first = false;
        }
        if (first) { // nothing to update: the duplicate is left alone
            String name = dialect.quote(
                    table.primaryKey().isEmpty()
                            ? conflict.columns().get(0).name()
                            : table.primaryKey().get(0).name());
            assignments.add(
                    name + " = IF((" + OK + " := IF(" + onTarget() + ", 0, NULL)), " + name + ", " + name + ")");
        }
        sql.append(assignments);
    }

    /** The visible columns, then the row's content for its version: only if the row was written. */
    String returning(String visibleColumns) {
        return visibleColumns + ", IF(" + OK + ", " + dialect.rowContent(table) + ", IF(" + OK + " IS NULL, '', NULL))";
    }

    private String condition(List<Object> parameters) {
        StringBuilder condition = new StringBuilder("(" + OK + " := IF(" + onTarget() + ", ");
        new Conditions(dialect, parameters, Map.of()).append(condition, conflict.where(), dialect.quote(table.name()));
        return condition.append(", NULL))").toString();
    }

    /** The existing row has the inserted row's values in the target columns: the duplicate is there. */
    private String onTarget() {
        StringJoiner same = new StringJoiner(" AND ", "(", ")");
        for (Column column : conflict.columns()) {
            String name = dialect.quote(column.name());
            same.add(name + " <=> VALUES(" + name + ")");
        }
        return same.toString();
    }
}
