package tiddly.sql;

import java.util.List;
import java.util.stream.Collectors;
import tiddly.query.Selected;
import tiddly.query.Where;

/**
 * Search on PostgreSQL: the document is the concatenation of each column's tsvector under the
 * 'simple' configuration (lower case, no stemming, no stop words), written exactly as the GIN
 * expression index that {@code search-index} makes, so that the planner uses it. The tsquery is
 * built from the parsed terms and bound.
 */
final class PostgresSearch {
    /** The text search configuration of every index and query: the same words as SQLite and MariaDB. */
    static final String CONFIGURATION = "'simple'::regconfig";

    private PostgresSearch() {}

    /** The indexed expression: also what {@code search-index} creates the index on. */
    static String document(List<String> columns) {
        return columns.stream()
                .map(column -> "to_tsvector(" + CONFIGURATION + ", coalesce(" + column + ", ''))")
                .collect(Collectors.joining(" || "));
    }

    static String match(Where.Search search, List<String> columns, List<Object> parameters) {
        return "(" + document(columns) + ") @@ " + query(search, parameters);
    }

    static String rank(Where.Search search, List<String> columns, List<Object> parameters) {
        return "ts_rank(" + document(columns) + ", " + query(search, parameters) + ")";
    }

    static String snippet(
            Where.Search search, List<String> columns, int column, Selected.Snippet snippet, List<Object> parameters) {
        String text = "ts_headline(" + CONFIGURATION + ", coalesce(" + columns.get(column) + ", ''), "
                + query(search, parameters) + ", ?)";
        parameters.add("StartSel=\"" + snippet.open() + "\", StopSel=\"" + snippet.close() + "\", MaxWords="
                + snippet.words() + ", MinWords=" + Math.max(1, snippet.words() / 2) + ", ShortWord=0");
        return text;
    }

    private static String query(Where.Search search, List<Object> parameters) {
        parameters.add(SearchText.tsquery(search.query()));
        return "to_tsquery(" + CONFIGURATION + ", ?)";
    }
}
