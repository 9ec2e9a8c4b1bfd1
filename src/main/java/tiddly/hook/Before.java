package tiddly.hook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.auth.Identity;
import tiddly.permission.Verb;
import tiddly.query.Delete;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.request.ColumnValues;
import tiddly.schema.Column;

/**
 * An operation as a before hook sees it: who asks, and the query model as parsed, before the
 * caller's rules are ANDed in. A hook may only narrow it ({@link #where}), set column values
 * ({@link #set}) or refuse it ({@link #refuse}, or by throwing {@link HookException}); the rules are
 * applied to whatever it leaves, so no hook widens what a rule forbids.
 */
public final class Before {
    private final Identity identity;
    private final Sql sql;
    private Query query;
    /** Whether an update hook runs on an upsert: its where then picks the existing rows it may change. */
    private boolean updating;

    Before(Identity identity, Query query, Sql sql) {
        this.identity = identity;
        this.query = query;
        this.sql = sql;
    }

    void updating(boolean updating) {
        this.updating = updating;
    }

    public Identity identity() {
        return identity;
    }

    public Verb verb() {
        return Hooks.verb(query);
    }

    public String table() {
        return query.table().name();
    }

    /** The operation as it stands now, with the changes of the hooks that ran before this one. */
    public Query query() {
        return query;
    }

    /** The request's transaction, for writes; {@link Sql#NONE} for reads. */
    public Sql sql() {
        return sql;
    }

    /** The rows a write sets, column name → value (an update has one); empty for reads and deletes. */
    public List<Map<String, Object>> values() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : rows()) {
            Map<String, Object> values = new LinkedHashMap<>();
            row.values().forEach((column, value) -> values.put(column.name(), value));
            rows.add(Collections.unmodifiableMap(values));
        }
        return List.copyOf(rows);
    }

    /** Only rows where {@code column} equals {@code value}; on an insert, every stored row must match. */
    public void where(String column, Object value) {
        Column found = column(column);
        where(new Where.Compare(found, Where.Operator.EQ, ColumnValues.of(found, value)));
    }

    /** Only rows {@code narrower} matches, ANDed to the operation's own where. */
    public void where(Where narrower) {
        if (query instanceof Fetch fetch) {
            query = fetch.restricted(fetch.where().and(narrower), fetch.embeds());
        } else if (query instanceof Update update) {
            query = new Update(
                    update.table(),
                    update.where().and(narrower),
                    update.values(),
                    update.single(),
                    update.precondition(),
                    update.check());
        } else if (query instanceof Delete delete) {
            query = new Delete(delete.table(), delete.where().and(narrower), delete.single(), delete.precondition());
        } else if (updating
                && query instanceof Insert insert
                && insert.onConflict().isPresent()) {
            OnConflict conflict = insert.onConflict().get();
            query = new Insert(
                    insert.table(),
                    insert.rows(),
                    insert.single(),
                    Optional.of(new OnConflict(
                            conflict.action(),
                            conflict.columns(),
                            conflict.where().and(narrower),
                            conflict.unchanged())),
                    insert.check());
        } else {
            Insert insert = (Insert) query;
            query = new Insert(
                    insert.table(),
                    insert.rows(),
                    insert.single(),
                    insert.onConflict(),
                    Optional.of(insert.check().map(check -> check.and(narrower)).orElse(narrower)));
        }
    }

    /** Sets {@code column} in every row an insert or update writes, over the client's value. */
    public void set(String column, Object value) {
        Column found = column(column);
        Object bound = ColumnValues.of(found, value);
        List<Row> rows = new ArrayList<>();
        for (Row row : rows()) {
            Map<Column, Object> values = new LinkedHashMap<>(row.values());
            values.put(found, bound);
            rows.add(new Row(values));
        }
        if (query instanceof Insert insert) {
            query = new Insert(insert.table(), rows, insert.single(), insert.onConflict(), insert.check());
        } else if (query instanceof Update update) {
            query = new Update(
                    update.table(),
                    update.where(),
                    rows.get(0),
                    update.single(),
                    update.precondition(),
                    update.check());
        } else {
            throw new IllegalStateException("set is for inserts and updates, not " + verb());
        }
    }

    /** A 400 {@code column_refused} if the write sets {@code column}; nothing otherwise. */
    public void refuse(String column) {
        Column found = column(column);
        for (Row row : rows()) {
            if (row.values().containsKey(found)) {
                throw HookException.field("column_refused", column, "may not be written here");
            }
        }
    }

    private List<Row> rows() {
        if (query instanceof Insert insert) {
            return insert.rows();
        }
        if (query instanceof Update update) {
            return List.of(update.values());
        }
        return List.of();
    }

    private Column column(String name) {
        return query.table()
                .column(name)
                .orElseThrow(
                        () -> new IllegalArgumentException("table '" + table() + "' has no column '" + name + "'"));
    }
}
