package tiddly.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import tiddly.query.Delete;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * What a write changed, appended to the {@link Outbox} inside the write's transaction: the one
 * place where a write's rows are known before and after it. An update or delete first reads the
 * rows it will change (locked, with every column), an insert or update reads back what it wrote
 * (never its RETURNING: SQLite and PostgreSQL return a row before an AFTER trigger's UPDATE, and
 * a stream would get a row the trigger moved outside its rule); then one INSERT appends the changes. Rows of a
 * table without a primary key cannot be told apart and are not recorded.
 */
final class Capture {
    /** Keys per read-back statement: well under every database's parameter limit. */
    private static final int KEYS_PER_READ = 500;

    private final Engine engine;
    private final Dialect dialect;
    private final Outbox outbox;

    Capture(Engine engine, Outbox outbox) {
        this.engine = engine;
        this.dialect = engine.dialect();
        this.outbox = outbox;
    }

    /** How the capture runs SQL: in the write's session and transaction. */
    interface Runs {
        List<Map<String, Object>> rows(Statement statement);

        long update(Statement statement);
    }

    /** The rows {@code script} may change, as they are before it runs: none for a plain insert. */
    List<Map<String, Object>> before(Runs run, Script script) {
        Query query = script.query();
        Table table = query.table();
        if (table.primaryKey().isEmpty()) {
            return List.of();
        }
        if (query instanceof Update update) {
            return run.rows(select(table, update.where()));
        }
        if (query instanceof Delete delete) {
            return delete.single() && complete(table) ? List.of() : run.rows(select(table, delete.where()));
        }
        Insert insert = (Insert) query;
        Optional<OnConflict> conflict = insert.onConflict();
        if (conflict.isEmpty() || conflict.get().action() != OnConflict.Action.UPDATE) {
            return List.of(); // a plain insert, or one that skips existing rows, changes none
        }
        List<Where> existing = new ArrayList<>();
        for (Row row : insert.rows()) {
            List<Where> parts = new ArrayList<>();
            for (Column column : conflict.get().columns()) {
                Object value = row.values().get(column);
                if (value == null) {
                    break; // NULL never conflicts
                }
                parts.add(new Where.Compare(column, Where.Operator.EQ, value));
            }
            if (parts.size() == conflict.get().columns().size()) {
                existing.add(new Where.And(parts));
            }
        }
        return existing.isEmpty() ? List.of() : run.rows(select(table, new Where.Or(existing)));
    }

    /** Appends what {@code script} changed, given the rows {@link #before} read and what it returned. */
    void after(Runs run, Script script, List<Map<String, Object>> before, Result result) {
        Query query = script.query();
        Table table = query.table();
        if (table.primaryKey().isEmpty()) {
            return;
        }
        List<Map<String, Object>> returned = new ArrayList<>();
        result.rows().forEach(row -> returned.add(withoutVersion(row)));
        Map<List<Object>, Map<String, Object>> old = new LinkedHashMap<>();
        Map<List<Object>, Map<String, Object>> fresh = new LinkedHashMap<>();
        if (query instanceof Delete delete) {
            (delete.single() && complete(table) ? returned : before).forEach(row -> old.put(key(table, row), row));
        } else if (query instanceof Update update) {
            before.forEach(row -> old.put(moved(update, key(table, row)), row));
            readBack(run, table, old.keySet()).forEach(row -> fresh.put(key(table, row), row));
        } else {
            before.forEach(row -> old.put(key(table, row), row));
            Set<List<Object>> keys = new LinkedHashSet<>();
            returned.forEach(row -> keys.add(key(table, row)));
            readBack(run, table, keys).forEach(row -> fresh.put(key(table, row), row));
        }
        List<Outbox.Draft> drafts = drafts(table, query instanceof Delete, old, fresh);
        if (drafts.isEmpty()) {
            return;
        }
        outbox.lock().ifPresent(run::rows);
        outbox.append(table.name(), drafts, System.currentTimeMillis()).forEach(run::update);
    }

    private static List<Outbox.Draft> drafts(
            Table table,
            boolean deletes,
            Map<List<Object>, Map<String, Object>> old,
            Map<List<Object>, Map<String, Object>> fresh) {
        List<Outbox.Draft> drafts = new ArrayList<>();
        Set<List<Object>> keys = new LinkedHashSet<>(old.keySet());
        keys.addAll(fresh.keySet());
        for (List<Object> key : keys) {
            Optional<String> before = Optional.ofNullable(old.get(key)).map(RowJson::write);
            Optional<String> after = Optional.ofNullable(fresh.get(key)).map(RowJson::write);
            if (deletes) {
                before.ifPresent(row -> drafts.add(new Outbox.Draft(Change.Kind.DELETE, before, Optional.empty())));
            } else if (before.isEmpty() && after.isPresent()) {
                drafts.add(new Outbox.Draft(Change.Kind.INSERT, Optional.empty(), after));
            } else if (before.isPresent()
                    && after.isPresent()
                    && !key(table, old.get(key)).equals(key)) {
                // a bulk set moved the key: clients hold rows by key, so the old one goes and a new one comes
                drafts.add(new Outbox.Draft(Change.Kind.DELETE, before, Optional.empty()));
                drafts.add(new Outbox.Draft(Change.Kind.INSERT, Optional.empty(), after));
            } else if (before.isPresent() && after.isPresent() && !before.equals(after)) {
                drafts.add(new Outbox.Draft(Change.Kind.UPDATE, before, after));
            }
        }
        return drafts;
    }

    /** Whether a delete's RETURNING, which gives the visible columns, gives the whole row. */
    private static boolean complete(Table table) {
        return table.columns().stream().noneMatch(Column::hidden)
                && table.columns().containsAll(table.primaryKey());
    }

    /** Every column, the key's too, of the rows {@code where} selects; locked until the write commits. */
    private Statement select(Table table, Where where) {
        List<Column> columns = new ArrayList<>(table.columns());
        table.primaryKey().stream().filter(key -> !columns.contains(key)).forEach(columns::add);
        StringJoiner names = new StringJoiner(", ", "SELECT ", " FROM " + dialect.quote(table.name()));
        columns.forEach(column -> names.add(dialect.quote(column.name())));
        StringBuilder sql = new StringBuilder(names.toString());
        List<Object> parameters = new ArrayList<>();
        new Conditions(dialect, parameters, Map.of()).clause(sql, "WHERE", where, dialect.quote(table.name()));
        if (engine != Engine.SQLITE) {
            sql.append(" FOR UPDATE"); // SQLite's writer holds the whole database already
        }
        return new Statement(sql.toString(), parameters, columns, false);
    }

    private List<Map<String, Object>> readBack(Runs run, Table table, Set<List<Object>> keys) {
        List<List<Object>> all = new ArrayList<>(keys);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int from = 0; from < all.size(); from += KEYS_PER_READ) {
            List<Where> matches = new ArrayList<>();
            for (List<Object> key : all.subList(from, Math.min(all.size(), from + KEYS_PER_READ))) {
                List<Where> parts = new ArrayList<>();
                for (int i = 0; i < key.size(); i++) {
                    parts.add(new Where.Compare(table.primaryKey().get(i), Where.Operator.EQ, key.get(i)));
                }
                matches.add(new Where.And(parts));
            }
            rows.addAll(run.rows(select(table, new Where.Or(matches))));
        }
        return rows;
    }

    /** The key a row has after {@code update}, which may set key columns. */
    private static List<Object> moved(Update update, List<Object> key) {
        List<Object> moved = new ArrayList<>(key);
        List<Column> primaryKey = update.table().primaryKey();
        update.values().values().forEach((column, value) -> {
            int index = primaryKey.indexOf(column);
            if (index >= 0) {
                moved.set(index, comparable(value));
            }
        });
        return moved;
    }

    private static List<Object> key(Table table, Map<String, Object> row) {
        List<Object> key = new ArrayList<>(table.primaryKey().size());
        table.primaryKey().forEach(column -> key.add(comparable(row.get(column.name()))));
        return key;
    }

    /** Integers of any width as one type, so that a key read back equals the key written. */
    private static Object comparable(Object value) {
        return value instanceof Integer || value instanceof Short ? Long.valueOf(((Number) value).longValue()) : value;
    }

    private static Map<String, Object> withoutVersion(Map<String, Object> row) {
        if (!row.containsKey(Database.ETAG)) {
            return row;
        }
        Map<String, Object> copy = new LinkedHashMap<>(row);
        copy.remove(Database.ETAG);
        return copy;
    }
}
