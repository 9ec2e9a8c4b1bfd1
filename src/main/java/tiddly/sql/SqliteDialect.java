package tiddly.sql;

/** SQLite 3.35 or later (RETURNING, NULLS FIRST/LAST). */
public final class SqliteDialect implements Dialect {

    @Override
    public String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** LIKE is case-sensitive on Tiddly's connections (case_sensitive_like); lower() folds ASCII only. */
    @Override
    public String ilike(String column) {
        return "lower(" + column + ") LIKE lower(?)";
    }
}
