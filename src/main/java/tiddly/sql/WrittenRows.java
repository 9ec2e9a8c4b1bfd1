package tiddly.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * Whether the rows a write left stay inside the caller's row rule. The rule is asked of the
 * database, whole, for the written rows by their keys, in the write's transaction: the same SQL
 * that decides what the caller may read, so a write can never leave a row that the rule, read
 * back, would not hold for (JSON types, NULLs, {@code not}). The rows a write returns are not
 * enough even for a rule of the row's own columns: SQLite and PostgreSQL return them before an
 * AFTER trigger's UPDATE, which may move the row out (TriggerRulesAttackTest). Only rows without
 * a key, which cannot be found again, are checked in memory ({@link RowCheck}).
 */
final class WrittenRows {
    /** Keys per statement: a few hundred ORs of keys stay well inside every database's limits. */
    private static final int KEYS_CHECKED = 200;

    private final RowCheck rowCheck = new RowCheck();
    private final SqlWriter writer;

    WrittenRows(SqlWriter writer) {
        this.writer = writer;
    }

    /** @param read runs a statement in the write's session and returns its rows */
    boolean inside(
            Table table,
            Where rule,
            List<Map<String, Object>> rows,
            Function<Statement, List<Map<String, Object>>> read) {
        if (table.primaryKey().isEmpty()) {
            // no key to find the rows again: the rules' start-up check refuses rules the rows cannot decide
            return rows.isEmpty()
                    || rule.decidedByRow()
                            && rows.stream().allMatch(row -> rowCheck.matches(rule, row, RowCheck.FAILS));
        }
        Set<List<Object>> keys = new LinkedHashSet<>();
        for (Map<String, Object> row : rows) {
            List<Object> key = new ArrayList<>();
            for (Column column : table.primaryKey()) {
                Object value = row.get(column.name());
                if (value == null) {
                    return false; // a row without its whole key cannot be found again
                }
                key.add(value);
            }
            keys.add(key);
        }
        List<List<Object>> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += KEYS_CHECKED) {
            List<List<Object>> chunk = all.subList(from, Math.min(all.size(), from + KEYS_CHECKED));
            if (read.apply(writer.inside(table, chunk, rule)).size() != chunk.size()) {
                return false;
            }
        }
        return true;
    }
}
