package tiddly.hook;

import java.util.List;
import java.util.Map;
import tiddly.auth.Identity;
import tiddly.permission.Verb;
import tiddly.query.Query;

/**
 * An operation's result as an after hook (or an after-commit hook) sees it: the query as it ran,
 * rules included, and the rows it gave. An after hook may change the rows or remove some from
 * {@link #rows()} (what the client gets), or throw {@link HookException} (a write is rolled back).
 */
public final class After {
    private final Identity identity;
    private final Query query;
    private final List<Map<String, Object>> rows;
    private final long count;
    private final Sql sql;

    After(Identity identity, Query query, List<Map<String, Object>> rows, long count, Sql sql) {
        this.identity = identity;
        this.query = query;
        this.rows = rows;
        this.count = count;
        this.sql = sql;
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

    public Query query() {
        return query;
    }

    /**
     * The rows, each column name → value, changeable; a row may carry {@code _etag}, its version,
     * which a hook should leave. A write by where without returned rows has none: see {@link #count()}.
     */
    public List<Map<String, Object>> rows() {
        return rows;
    }

    /** Rows a write by where changed, when it returned none. */
    public long count() {
        return count;
    }

    /**
     * The request's transaction, for writes; {@link Sql#NONE} for reads; after the commit, each
     * statement in a transaction of its own.
     */
    public Sql sql() {
        return sql;
    }
}
