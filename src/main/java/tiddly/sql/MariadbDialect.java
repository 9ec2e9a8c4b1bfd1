package tiddly.sql;

import java.util.List;
import java.util.stream.Collectors;
import tiddly.query.JsonEdits;
import tiddly.query.Order;
import tiddly.query.Selected;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/** MariaDB 10.5 or later (INSERT … RETURNING) and MySQL 8, on utf8mb4 connections. */
public final class MariadbDialect implements Dialect {

    @Override
    public String quote(String name) {
        return '`' + name.replace("`", "``") + '`';
    }

    /** Text columns usually have a case-insensitive collation; the binary one compares exactly. */
    @Override
    public String exact(String column, Column declared) {
        return declared.type() == ColumnType.TEXT ? column + " COLLATE utf8mb4_bin" : column;
    }

    @Override
    public String like(String column) {
        return column + " LIKE ? COLLATE utf8mb4_bin";
    }

    /** Both sides folded to lower case, compared exactly: a {@code _ci} collation would also drop accents. */
    @Override
    public String ilike(String column) {
        return "LOWER(" + column + ") LIKE LOWER(?) COLLATE utf8mb4_bin";
    }

    /** QUOTE() renders each value as an unambiguous literal, and NULL as the word NULL. */
    @Override
    public String rowContent(List<String> columns) {
        return columns.stream()
                .map(column -> "QUOTE(" + column + ")")
                .collect(Collectors.joining(", ", "CONCAT_WS(',', ", ")"));
    }

    /** No NULLS FIRST/LAST: an IS NULL term ahead says it; NULL already sorts smallest by default. */
    @Override
    public String order(String quoted, Order order) {
        String column = exact(quoted, order.column());
        String term = column + (order.descending() ? " DESC" : " ASC");
        return switch (order.nulls()) {
            case DEFAULT -> term;
            case FIRST -> column + " IS NULL DESC, " + term;
            case LAST -> column + " IS NULL ASC, " + term;
        };
    }

    @Override
    public String realSum(String argument) {
        return "CAST(sum(" + argument + ") AS DOUBLE)";
    }

    @Override
    public String defaultValues() {
        return " () VALUES ()";
    }

    @Override
    public boolean onDuplicateKey() {
        return true;
    }

    @Override
    public boolean updateReturns() {
        return false;
    }

    @Override
    public String search(Where.Search search, List<String> columns, String row, List<Object> parameters) {
        return MariadbSearch.match(search, columns, parameters);
    }

    @Override
    public String rank(Where.Search search, List<String> columns, String row, List<Object> parameters) {
        return MariadbSearch.match(search, columns, parameters);
    }

    /** MariaDB has no function that marks the matched words of a text: the text, marked by {@link Excerpts}. */
    @Override
    public String snippet(
            Where.Search search,
            List<String> columns,
            int index,
            Selected.Snippet snippet,
            String row,
            List<Object> parameters) {
        return columns.get(index);
    }

    @Override
    public boolean excerptsInJava() {
        return true;
    }

    @Override
    public String jsonCompare(String column, Where.JsonCompare compare, List<Object> parameters) {
        return JsonFilters.mariadb(column, compare, parameters);
    }

    @Override
    public String jsonContains(String column, Where.JsonContains contains, List<Object> parameters) {
        return JsonFilters.mariadb(column, contains, parameters);
    }

    @Override
    public String jsonValue(String column, List<Object> path, List<Object> parameters) {
        return JsonFilters.mariadbValue(column, path, parameters);
    }

    @Override
    public List<String> jsonSortKeys(String column, List<Object> path, int nulls, List<Object> parameters) {
        return JsonOrder.mariadb(column, path, nulls, parameters);
    }

    @Override
    public String jsonSet(String column, Column declared, JsonEdits edits, List<Object> parameters) {
        return JsonSets.mariadb(column, edits, parameters);
    }
}
