package tiddly.sql;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tiddly.query.JsonEdits;
import tiddly.query.Selected;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/** SQLite 3.35 or later (RETURNING, NULLS FIRST/LAST). */
public final class SqliteDialect implements Dialect {

    /**
     * A JSON column's value through {@code json(?)}: SQLite checks the text and minifies it (Tiddly
     * sends valid JSON already; other writers of the file are not covered).
     */
    @Override
    public String valueMark(Column column) {
        return column.type() == ColumnType.JSON ? "json(?)" : "?";
    }

    /** quote() renders each value as an unambiguous SQL literal: text quoted, blobs in hex. */
    @Override
    public String rowContent(List<String> columns) {
        return columns.stream().map(column -> "quote(" + column + ")").collect(Collectors.joining(" || ',' || "));
    }

    /**
     * The page's two integers written into the SQL, the one place where Tiddly does not bind a
     * value: SQLite reads a bound LIMIT when it plans a statement, and plans it again each time
     * that parameter is bound anew, which was every run (3.5 µs, more than the rest of a read by
     * key). Both are longs of the query model, range-checked by the parser; no text of the request
     * reaches the SQL.
     */
    @Override
    public String limit(long rows, long offset, List<Object> parameters) {
        return " LIMIT " + rows + " OFFSET " + offset;
    }

    /** total() is sum() as a float: it does not stop with "integer overflow". */
    @Override
    public String realSum(String argument) {
        return "total(" + argument + ")";
    }

    /** SQLite's LIKE has no escape character unless one is given with ESCAPE. */
    @Override
    public String pattern(String pattern) {
        return pattern;
    }

    /**
     * LIKE is case-sensitive on Tiddly's connections (case_sensitive_like); SQLite's lower() folds
     * ASCII only, so both sides are folded by {@link SqliteFunctions#LOWER}, every letter's Unicode
     * lower case as the servers' LOWER() gives it.
     */
    @Override
    public String ilike(String column) {
        return SqliteFunctions.LOWER + "(" + column + ") LIKE " + SqliteFunctions.LOWER + "(?)";
    }

    @Override
    public String search(Where.Search search, List<String> columns, String row, List<Object> parameters) {
        return SqliteSearch.match(search, row, parameters);
    }

    @Override
    public String rank(Where.Search search, List<String> columns, String row, List<Object> parameters) {
        return SqliteSearch.rank(search, row, parameters);
    }

    @Override
    public Optional<String> rankJoin(Where.Search search, String row, long top, List<Object> parameters) {
        return Optional.of(SqliteSearch.join(search, row, top, parameters));
    }

    @Override
    public String snippet(
            Where.Search search,
            List<String> columns,
            int index,
            Selected.Snippet snippet,
            String row,
            List<Object> parameters) {
        return SqliteSearch.snippet(search, index, snippet, row, parameters);
    }

    @Override
    public String jsonCompare(String column, Where.JsonCompare compare, List<Object> parameters) {
        return JsonFilters.sqlite(column, compare, parameters);
    }

    @Override
    public String jsonContains(String column, Where.JsonContains contains, List<Object> parameters) {
        return JsonFilters.sqlite(column, contains, parameters);
    }

    @Override
    public String jsonValue(String column, List<Object> path, List<Object> parameters) {
        return JsonFilters.sqliteValue(column, path, parameters);
    }

    @Override
    public List<String> jsonSortKeys(String column, List<Object> path, int nulls, List<Object> parameters) {
        return JsonOrder.sqlite(column, path, nulls, parameters);
    }

    @Override
    public String jsonSet(String column, Column declared, JsonEdits edits, List<Object> parameters) {
        return JsonSets.sqlite(column, edits, parameters);
    }
}
