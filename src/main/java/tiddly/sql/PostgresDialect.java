package tiddly.sql;

import java.util.List;
import tiddly.query.JsonEdits;
import tiddly.query.Order;
import tiddly.query.Selected;
import tiddly.query.Where;
import tiddly.schema.Column;

/** PostgreSQL 12 or later, and databases that speak its dialect. */
public final class PostgresDialect implements Dialect {

    /** A row constructor's text tells NULL (nothing) from the empty string ({@code ""}). */
    @Override
    public String rowContent(List<String> columns) {
        return "ROW(" + String.join(", ", columns) + ")::text";
    }

    /** PostgreSQL has LIKE for text only: an integer or a date is matched as its text. */
    @Override
    public String asText(String column) {
        return "CAST(" + column + " AS text)";
    }

    @Override
    public String ilike(String column) {
        return column + " ILIKE ?";
    }

    /** PostgreSQL holds NULL larger than any value; Tiddly's order holds it smaller, so say so. */
    @Override
    public String order(String column, Order order) {
        if (order.nulls() == Order.Nulls.DEFAULT && order.column().nullable()) {
            return column + (order.descending() ? " DESC NULLS LAST" : " ASC NULLS FIRST");
        }
        return Dialect.super.order(column, order);
    }

    @Override
    public String search(Where.Search search, List<String> columns, String row, List<Object> parameters) {
        return PostgresSearch.match(search, row, parameters);
    }

    @Override
    public String firstMatches(
            Where.Search search, List<String> columns, String row, long count, List<Object> parameters) {
        return PostgresSearch.firstMatches(search, row, count, parameters);
    }

    @Override
    public String rank(Where.Search search, List<String> columns, String row, List<Object> parameters) {
        return PostgresSearch.rank(search, row, parameters);
    }

    @Override
    public String rankCandidateItems(Where.Search search, String row) {
        return PostgresSearch.candidateItems(search, row);
    }

    @Override
    public String boundedRank(
            Where.Search search,
            List<String> columns,
            String row,
            String candidates,
            long bound,
            List<Object> parameters) {
        return PostgresSearch.boundedRank(search, row, candidates, bound, parameters);
    }

    @Override
    public String snippet(
            Where.Search search,
            List<String> columns,
            int index,
            Selected.Snippet snippet,
            String row,
            List<Object> parameters) {
        return PostgresSearch.snippet(search, columns, index, snippet, parameters);
    }

    @Override
    public String jsonCompare(String column, Where.JsonCompare compare, List<Object> parameters) {
        return JsonFilters.postgres(column, compare, parameters);
    }

    @Override
    public String jsonContains(String column, Where.JsonContains contains, List<Object> parameters) {
        return JsonFilters.postgres(column, contains, parameters);
    }

    @Override
    public String jsonValue(String column, List<Object> path, List<Object> parameters) {
        return JsonFilters.postgresValue(column, path, parameters);
    }

    @Override
    public List<String> jsonSortKeys(String column, List<Object> path, int nulls, List<Object> parameters) {
        return JsonOrder.postgres(column, path, nulls, parameters);
    }

    @Override
    public String jsonSet(String column, Column declared, JsonEdits edits, List<Object> parameters) {
        return JsonSets.postgres(column, declared, edits, parameters);
    }

    @Override
    public long rankCandidates() {
        return PostgresSearch.CANDIDATES;
    }
}
