package tiddly.sql;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tiddly.query.SearchQuery;
import tiddly.query.Selected;
import tiddly.query.Where;

/**
 * Search on PostgreSQL: the document is the concatenation of each column's tsvector under the
 * 'simple' configuration (lower case, no stemming, no stop words), stored by {@code search-index}
 * in a generated column named like the index, and once more without positions ({@code strip}) in
 * a second one, which the GIN index indexes (see {@link SearchIndexes}). Stored rather than an
 * expression index, because ts_rank would otherwise parse every matching row's text again (40 ms
 * for 324 matches of 20,000 rows in bench/search.sh). The tsquery is built from the parsed terms
 * and bound.
 */
final class PostgresSearch {
    /**
     * How many matches an order by {@code _rank desc} scores at most (more when the page reaches
     * further): the first 501 matches in table order are the candidates, and finding them costs
     * about a microsecond for each row tested, matching or not, so a pair of words in one row of
     * seven tests 3,500 rows (1,000 candidates: 7,000 rows, 6 to 10 ms of the 10 ms a search may
     * take; docs/performance.md, Session 12).
     */
    static final long CANDIDATES = 500;

    /** The text search configuration of every index and query: the same words as SQLite and MariaDB. */
    static final String CONFIGURATION = "'simple'::regconfig";

    /**
     * The column of {@link #candidateItems}: a name under the prefix of search indexes, which the
     * schema never serves, so no served column is named so.
     */
    private static final String LENGTH = "_search_length";

    private PostgresSearch() {}

    /** The stored column's expression, which {@code search-index} writes. */
    static String document(List<String> columns) {
        return columns.stream()
                .map(column -> "to_tsvector(" + CONFIGURATION + ", coalesce(" + column + ", ''))")
                .collect(Collectors.joining(" || "));
    }

    /**
     * The GIN index's document without positions chooses the rows; a query with a phrase is then
     * tested on the document with positions too, which only the rows chosen read. An index made
     * by an older Tiddly has only the document with positions, for both.
     *
     * <p>A required word that most rows hold ({@link tiddly.schema.SearchIndex#common}) is not
     * looked up in the index when the query has another required clause: the index reads the
     * rarer words, and the whole query is tested on each row they find with {@code ts_match_vq}
     * (the function of {@code @@}, which the planner does not give the index). Else the GIN index
     * reads the common word's whole posting list to intersect it with a rare word's (324 pages for
     * a word in 99 % of 1,000,000 rows).
     */
    static String match(Where.Search search, String row, List<Object> parameters) {
        if (search.index().positionsOnly()) {
            return stored(search, row) + " @@ " + query(search, parameters);
        }
        String document = column(search.index().words(), row);
        Optional<SearchQuery> rarer =
                SearchText.withoutCommon(search.query(), search.index().common());
        String words;
        if (rarer.isPresent()) {
            parameters.add(SearchText.wordsTsquery(rarer.get()));
            parameters.add(SearchText.wordsTsquery(search.query()));
            words = "(" + document + " @@ to_tsquery(" + CONFIGURATION + ", ?) AND ts_match_vq(" + document
                    + ", to_tsquery(" + CONFIGURATION + ", ?)))";
        } else {
            parameters.add(SearchText.wordsTsquery(search.query()));
            words = document + " @@ to_tsquery(" + CONFIGURATION + ", ?)";
        }
        return withPhrases(search, row, words, parameters);
    }

    /**
     * {@link #match} in a statement that reads only the first {@code count} matches in table
     * order, which a sequential scan finds by testing rows until it has them: when that costs
     * less than the GIN index's lists of the words, by the statistics ({@link ScanOrIndex}), no
     * word is given to the index ({@code ts_match_vq}, which the planner does not give it), else
     * the planner chooses: it took the index for the bench's pair of words in one row of 22, 26 ms,
     * where the scan takes 12 (docs/performance.md, Session 12).
     */
    static String firstMatches(Where.Search search, String row, long count, List<Object> parameters) {
        if (search.index().positionsOnly() || !ScanOrIndex.scans(search, count)) {
            return match(search, row, parameters);
        }
        parameters.add(SearchText.wordsTsquery(search.query()));
        String words = "ts_match_vq(" + column(search.index().words(), row) + ", to_tsquery(" + CONFIGURATION + ", ?))";
        return withPhrases(search, row, words, parameters);
    }

    /** {@code words}, and the query tested on the document with positions too when it has a phrase. */
    private static String withPhrases(Where.Search search, String row, String words, List<Object> parameters) {
        if (!SearchText.hasPhrase(search.query())) {
            return words;
        }
        return "(" + words + " AND " + stored(search, row) + " @@ " + query(search, parameters) + ")";
    }

    static String rank(Where.Search search, String row, List<Object> parameters) {
        return "ts_rank(" + stored(search, row) + ", " + query(search, parameters) + ")";
    }

    /**
     * Each candidate's rank beyond the bound, computed in the subquery that reads it: one over its
     * number of distinct words, the length of the document in the row, in {@code real} like
     * ts_rank's. Computed above the count of the candidates instead, the document (1.3 KB for 220
     * words) was copied with each row into the window's store and read there: 2 to 3 ms more of
     * CPU for 1,001 candidates (docs/performance.md, Session 9).
     */
    static String candidateItems(Where.Search search, String row) {
        return ", 1::real / greatest(length(" + column(search.index().words(), row) + "), 1)::real AS \"" + LENGTH
                + "\"";
    }

    /**
     * The rank of a candidate among the first matches, {@code candidates} naming their number:
     * ts_rank when they are all the matches (at most {@code bound}), else {@link #candidateItems}'s
     * one over the row's number of distinct words, like SQLite's length beyond its bound (docs/API.md,
     * Ranking). ts_rank reads the document with positions, stored out of line (about 4 buffers a
     * row: 8 to 10 ms for 1,000 rows). The CASE evaluates only the branch it takes.
     */
    static String boundedRank(Where.Search search, String row, String candidates, long bound, List<Object> parameters) {
        parameters.add(bound);
        return "CASE WHEN " + candidates + " > ? THEN " + row + ".\"" + LENGTH + "\" ELSE "
                + rank(search, row, parameters) + " END";
    }

    /** The generated column of the index, which the schema does not serve. */
    private static String stored(Where.Search search, String row) {
        return column(search.index().name(), row);
    }

    private static String column(String name, String row) {
        return row + ".\"" + name.replace("\"", "\"\"") + "\"";
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
