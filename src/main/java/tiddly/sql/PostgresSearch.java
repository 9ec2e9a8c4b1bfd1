package tiddly.sql;

import java.util.List;
import java.util.stream.Collectors;
import tiddly.query.Selected;
import tiddly.query.Where;

/**
 * Search on PostgreSQL: the document is the concatenation of each column's tsvector under the
 * 'simple' configuration (lower case, no stemming, no stop words), stored by {@code search-index}
 * in a generated column named like the index, with a GIN index on it. Stored rather than an
 * expression index, because ts_rank would otherwise parse every matching row's text again (40 ms
 * for 324 matches of 20,000 rows in bench/search.sh). The tsquery is built from the parsed terms
 * and bound.
 */
final class PostgresSearch {
    /** The text search configuration of every index and query: the same words as SQLite and MariaDB. */
    static final String CONFIGURATION = "'simple'::regconfig";

    private PostgresSearch() {}

    /** The stored column's expression, which {@code search-index} writes. */
    static String document(List<String> columns) {
        return columns.stream()
                .map(column -> "to_tsvector(" + CONFIGURATION + ", coalesce(" + column + ", ''))")
                .collect(Collectors.joining(" || "));
    }

    static String match(Where.Search search, String row, List<Object> parameters) {
        return stored(search, row) + " @@ " + query(search, parameters);
    }

    static String rank(Where.Search search, String row, List<Object> parameters) {
        return "ts_rank(" + stored(search, row) + ", " + query(search, parameters) + ")";
    }

    /** The generated column of the index, which the schema does not serve. */
    private static String stored(Where.Search search, String row) {
        return row + ".\"" + search.index().name().replace("\"", "\"\"") + "\"";
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
