package tiddly.sql;

import java.util.List;
import java.util.stream.Collectors;

/** SQLite 3.35 or later (RETURNING, NULLS FIRST/LAST). */
public final class SqliteDialect implements Dialect {

    /** quote() renders each value as an unambiguous SQL literal: text quoted, blobs in hex. */
    @Override
    public String rowContent(List<String> columns) {
        return columns.stream().map(column -> "quote(" + column + ")").collect(Collectors.joining(" || ',' || "));
    }

    /** LIKE is case-sensitive on Tiddly's connections (case_sensitive_like); lower() folds ASCII only. */
    @Override
    public String ilike(String column) {
        return "lower(" + column + ") LIKE lower(?)";
    }
}
