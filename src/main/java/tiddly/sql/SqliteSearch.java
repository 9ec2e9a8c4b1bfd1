package tiddly.sql;

import java.util.List;
import tiddly.query.Selected;
import tiddly.query.Where;

/**
 * Search on SQLite: the FTS5 table named by the index holds the indexed columns of each row under
 * the row's rowid (an external-content table, kept in sync by triggers). Rank and snippet look
 * the row up in it by rowid, with the same MATCH, which FTS5 answers from the index.
 */
final class SqliteSearch {
    private SqliteSearch() {}

    static String match(Where.Search search, String row, List<Object> parameters) {
        String index = quote(search.index().name());
        parameters.add(SearchText.fts5(search.query()));
        return row + ".rowid IN (SELECT rowid FROM " + index + " WHERE " + index + " MATCH ?)";
    }

    /** bm25 is lower for better matches; negated, so that "_rank desc" lists the best first. */
    static String rank(Where.Search search, String row, List<Object> parameters) {
        return lookup(search, "-rank", row, parameters);
    }

    /**
     * Every match scored once by FTS5, joined by rowid: the rank of a row is {@code "_s"."_rank"}.
     * With {@code top}, only the best matches are joined, so the table's rows of the others are
     * never read, and only the newest {@link Dialect#RANK_CANDIDATES} matches are scored (see
     * docs/performance.md: ranking every one of 100,000 matches takes a second).
     */
    static String join(Where.Search search, String row, long top, List<Object> parameters) {
        String index = quote(search.index().name());
        parameters.add(SearchText.fts5(search.query()));
        String candidates = "";
        if (top > 0) {
            // Only the newest candidates are scored: FTS5 walks the doclist from the end and
            // stops at the K-th match, whose rowid bounds the MATCH that bm25 scores.
            parameters.add(SearchText.fts5(search.query()));
            parameters.add(Math.max(Dialect.RANK_CANDIDATES, top) - 1);
            candidates = " AND rowid >= coalesce((SELECT rowid FROM " + index + " WHERE " + index + " MATCH ?"
                    + " ORDER BY rowid DESC LIMIT 1 OFFSET ?), -9223372036854775808)";
        }
        return " JOIN (SELECT rowid AS \"_sr\", -rank AS \"_rank\" FROM " + index + " WHERE " + index + " MATCH ?"
                + candidates + (top > 0 ? " ORDER BY rank, rowid DESC LIMIT " + top : "") + ") AS \"_s\""
                + " ON \"_s\".\"_sr\" = " + row + ".rowid";
    }

    static String snippet(
            Where.Search search, int column, Selected.Snippet snippet, String row, List<Object> parameters) {
        String index = quote(search.index().name());
        parameters.add(snippet.open());
        parameters.add(snippet.close());
        parameters.add("…");
        parameters.add(snippet.words());
        return lookup(search, "snippet(" + index + ", " + column + ", ?, ?, ?, ?)", row, parameters);
    }

    private static String lookup(Where.Search search, String expression, String row, List<Object> parameters) {
        String index = quote(search.index().name());
        parameters.add(SearchText.fts5(search.query()));
        return "(SELECT " + expression + " FROM " + index + " WHERE " + index + " MATCH ? AND rowid = " + row
                + ".rowid)";
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
