package tiddly.sql;

import java.util.List;
import java.util.Optional;
import tiddly.query.JsonEdits;
import tiddly.query.Order;
import tiddly.query.Selected;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * What differs between databases in the SQL Tiddly writes: SQLite, PostgreSQL and MariaDB/MySQL.
 * Whatever the database, the API answers alike: NULL sorts as the smallest value, LIKE is
 * case-sensitive, ILIKE is not.
 */
public interface Dialect {

    /** {@code name} as a quoted identifier, standard SQL's way. Only ever called with names from the schema. */
    default String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The placeholder of a value written into {@code column} by INSERT or UPDATE: {@code ?}. */
    default String valueMark(Column column) {
        return "?";
    }

    /**
     * {@code column} (quoted) as compared and sorted: exactly, as SQLite compares text, even
     * where the column's collation ignores case (MariaDB's usual {@code _ci} ones), so that a rule
     * {@code owner = $auth.sub} never lets "alice" see Alice's rows and keyset paging agrees with
     * its order.
     */
    default String exact(String column, Column declared) {
        return column;
    }

    /** A case-sensitive LIKE of {@code column} against the pattern parameter. */
    default String like(String column) {
        return column + " LIKE ?";
    }

    /** A case-insensitive LIKE of {@code column} against the pattern parameter. */
    String ilike(String column);

    /**
     * A like pattern as bound. In Tiddly's patterns only {@code %} and {@code _} are special; where
     * LIKE takes the backslash as its escape character (PostgreSQL, MariaDB), each backslash is
     * doubled to stand for itself, so that {@code a\b} matches the same on every database and a
     * pattern that ends in a backslash is not an error.
     */
    default String pattern(String pattern) {
        return pattern.replace("\\", "\\\\");
    }

    /**
     * An expression giving a row's whole content as one text, the same for the same stored values
     * and different for different ones, from which its ETag is hashed.
     *
     * @param columns every column of the table, quoted
     */
    String rowContent(List<String> columns);

    /** {@link #rowContent} over every column of {@code table}, hidden ones included. */
    default String rowContent(Table table) {
        return rowContent(
                table.columns().stream().map(column -> quote(column.name())).toList());
    }

    /** Where NULLs sort when an order says neither NULLS FIRST nor NULLS LAST: as the smallest value. */
    default boolean nullsFirstByDefault(boolean descending) {
        return !descending;
    }

    /** One ORDER BY term for {@code order} of {@code column}, quoted. */
    default String order(String column, Order order) {
        String term = column + (order.descending() ? " DESC" : " ASC");
        return switch (order.nulls()) {
            case DEFAULT -> term;
            case FIRST -> term + " NULLS FIRST";
            case LAST -> term + " NULLS LAST";
        };
    }

    /** The sum of {@code argument} as a double precision float, which does not overflow. */
    default String realSum(String argument) {
        return "CAST(sum(" + argument + ") AS double precision)";
    }

    /**
     * {@code column} (quoted) as the text a like pattern matches: the column itself where the
     * database compares any value with LIKE as its text (SQLite, MariaDB).
     */
    default String asText(String column) {
        return column;
    }

    /** A page's clause: at most {@code rows} rows after {@code offset}, bound as parameters. */
    default String limit(long rows, long offset, List<Object> parameters) {
        parameters.add(rows);
        parameters.add(offset);
        return " LIMIT ? OFFSET ?";
    }

    /** An INSERT's clause for a row of defaults only. */
    default String defaultValues() {
        return " DEFAULT VALUES";
    }

    /** Whether UPDATE … RETURNING exists; where not, the updated rows are read back by key. */
    default boolean updateReturns() {
        return true;
    }

    /**
     * Whether upserts are written as MariaDB's ON DUPLICATE KEY UPDATE, which has no conflict
     * target and no WHERE, instead of the standard ON CONFLICT (…) DO UPDATE … WHERE.
     */
    default boolean onDuplicateKey() {
        return false;
    }

    /**
     * A full-text match of {@code search} (see {@link Where.Search}).
     *
     * @param columns the index's columns, as the statement names them
     * @param row the searched table, as the statement names it
     */
    String search(Where.Search search, List<String> columns, String row, List<Object> parameters);

    /** How well a row matches {@code search}: higher is better; only the order means anything. */
    String rank(Where.Search search, List<String> columns, String row, List<Object> parameters);

    /**
     * {@link #search} where the statement reads only the first {@code count} matches, in any
     * order: the candidates of {@link #rankCandidates}. A dialect may write it to be found another
     * way; the rows that match are the same.
     */
    default String firstMatches(
            Where.Search search, List<String> columns, String row, long count, List<Object> parameters) {
        return search(search, columns, row, parameters);
    }

    /**
     * How many matches an order by {@code _rank desc} scores at most, chosen in a subquery of
     * candidates (more when the page reaches further); 0 where there is no such subquery: MariaDB
     * scores every match, and SQLite bounds its {@link #rankJoin} itself ({@link
     * SqliteSearch#CANDIDATES}). Scoring every match of common words costs about 5 to 10 µs a
     * match, a second for 100,000 (docs/performance.md).
     */
    default long rankCandidates() {
        return 0;
    }

    /**
     * What each candidate of the subquery that {@link #rankCandidates} bounds computes for
     * {@link #boundedRank}, as select items each after ", " (none by default): computed there on
     * the row as it is read, so that the columns it reads are not carried through the statement.
     */
    default String rankCandidateItems(Where.Search search, String row) {
        return "";
    }

    /**
     * {@link #rank} of a candidate of the subquery that {@link #rankCandidates} bounds, whose
     * rows hold their number in {@code candidates}: where the match has more than {@code bound}
     * rows, a dialect may rank them more cheaply.
     */
    default String boundedRank(
            Where.Search search,
            List<String> columns,
            String row,
            String candidates,
            long bound,
            List<Object> parameters) {
        return rank(search, columns, row, parameters);
    }

    /**
     * Where ranking row by row costs too much (SQLite: each lookup runs the whole MATCH again), a
     * join that scores every match at once, as {@code "_s"."_rank"}; empty where {@link #rank} is cheap.
     *
     * @param top more than 0: only the rows of the statement are the best {@code top} matches
     *     (ordered by rank, then rowid descending), so the join may stop there
     */
    default Optional<String> rankJoin(Where.Search search, String row, long top, List<Object> parameters) {
        return Optional.empty();
    }

    /** Whether {@link #snippet} selects the whole text, which {@link Excerpts} then cuts and marks. */
    default boolean excerptsInJava() {
        return false;
    }

    /** An excerpt of the {@code index}th column of the search's index with the matched words marked. */
    String snippet(
            Where.Search search,
            List<String> columns,
            int index,
            Selected.Snippet snippet,
            String row,
            List<Object> parameters);

    /** A comparison of a value inside the JSON column {@code column} (as the statement names it). */
    String jsonCompare(String column, Where.JsonCompare compare, List<Object> parameters);

    /** The JSON at {@code path} inside {@code column}, as JSON text (or NULL). */
    String jsonValue(String column, List<Object> path, List<Object> parameters);

    /**
     * The sort keys of the value at {@code path} inside {@code column}, as {@link JsonOrder}
     * describes: its type (or {@code nulls} where there is none), its number, its text.
     */
    List<String> jsonSortKeys(String column, List<Object> path, int nulls, List<Object> parameters);

    /** The new value of the JSON column {@code column} (quoted) after {@code edits}, as {@link JsonSets} says. */
    String jsonSet(String column, Column declared, JsonEdits edits, List<Object> parameters);

    /** Whether the JSON inside {@code column} contains the given JSON. */
    String jsonContains(String column, Where.JsonContains contains, List<Object> parameters);

    /** The SQL for a no-row condition, where {@code IN ()} would be empty. */
    default String alwaysFalse() {
        return "1 = 0";
    }

    /** The SQL for an every-row condition, where {@code NOT IN ()} would be empty. */
    default String alwaysTrue() {
        return "1 = 1";
    }
}
