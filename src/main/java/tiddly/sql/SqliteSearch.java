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
    /**
     * How many of the newest matches an order by {@code _rank desc} scores at most (more when the
     * page reaches further): the walk of the index that finds them reads matches only, about a
     * microsecond each, so the bound can be twice PostgreSQL's, which tests every row it passes
     * ({@link PostgresSearch#CANDIDATES}).
     */
    static final long CANDIDATES = 1000;

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
     * never read, and only the newest {@link #CANDIDATES} matches are scored (see
     * docs/performance.md: ranking every one of 100,000 matches takes a second).
     */
    static String join(Where.Search search, String row, long top, List<Object> parameters) {
        String index = quote(search.index().name());
        if (top > 0) {
            return bounded(search, row, top, parameters);
        }
        parameters.add(SearchText.fts5(search.query()));
        return " JOIN (SELECT rowid AS \"_sr\", -rank AS \"_rank\" FROM " + index + " WHERE " + index + " MATCH ?)"
                + " AS \"_s\" ON \"_s\".\"_sr\" = " + row + ".rowid";
    }

    /**
     * The best {@code top} of the newest K matches (K = {@link #CANDIDATES}, or
     * {@code top} if larger). {@code "_m"} holds the rowids of the newest K + 1 matches, found by
     * one walk of the index from its highest rowid; {@code "_x"} is the oldest of them when there
     * are K + 1, else NULL. Where there is one, the newest K are the candidates, taken from
     * {@code "_m"} without a second walk, and bm25 is never called: its first call counts the rows
     * of each word in the whole index (xQueryPhrase walks the word's posting list, 900,000 entries
     * for a word in most rows: 0.1 to 0.4 s), so they are scored by their length alone, one over
     * their number of tokens, read from the FTS5 table's {@code _docsize} (docs/API.md, Ranking).
     * Where there is none, every match is a candidate and bm25 scores it, as it would every match,
     * in the second arm, which its LIMIT of 0 keeps from running otherwise (docs/performance.md,
     * Session 10).
     */
    private static String bounded(Where.Search search, String row, long top, List<Object> parameters) {
        String index = quote(search.index().name());
        String sizes = quote(search.index().name() + "_docsize");
        long candidates = Math.max(CANDIDATES, top);
        parameters.add(SearchText.fts5(search.query()));
        parameters.add(candidates + 1);
        parameters.add(candidates);
        parameters.add(SearchText.fts5(search.query()));
        String beyond = "(SELECT \"_x\" FROM \"_k\")";
        return " JOIN (WITH \"_m\"(\"_r\") AS MATERIALIZED (SELECT rowid FROM " + index + " WHERE " + index
                + " MATCH ? ORDER BY rowid DESC LIMIT ?),"
                + " \"_k\"(\"_x\") AS MATERIALIZED (SELECT CASE WHEN count(*) > ? THEN min(\"_r\") END FROM \"_m\")"
                + " SELECT \"_r\" AS \"_sr\", 1.0 / (SELECT " + SqliteFunctions.TOKENS + "(sz) FROM " + sizes
                + " WHERE id = \"_r\") AS \"_rank\" FROM \"_m\" WHERE \"_r\" > " + beyond
                + " UNION ALL SELECT * FROM (SELECT rowid, -rank FROM " + index + " WHERE " + index + " MATCH ?"
                + " LIMIT CASE WHEN " + beyond + " IS NULL THEN -1 ELSE 0 END)"
                + " ORDER BY \"_rank\" DESC, \"_sr\" DESC LIMIT " + top + ") AS \"_s\""
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
