package tiddly.schema;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PostgreSQL's statistics of a search index's document, by the last ANALYZE: how many rows the
 * table holds, and the share of them that hold each of its most common words ({@code pg_stats}'
 * {@code most_common_elems}, up to a thousand words). Only for speed: a figure that is wrong or
 * missing changes which plan a search takes, never its rows. None before the table is analyzed,
 * nor on other databases.
 */
public final class WordShares {
    public static final WordShares NONE = new WordShares(0, Map.of());

    /**
     * The share of rows above which a word is common: a search with a rarer required word does
     * not look it up in the GIN index but tests it on the rows the rarer words find
     * (docs/performance.md, Session 9: leaving out a word in 86 to 99 % of the rows took a third
     * to a half of the CPU off a search with a rare word; one in 51 % saved nothing).
     */
    private static final double COMMON = 0.75;

    private final double rows;
    private final Map<String, Double> shares;
    private final Set<String> common;

    public WordShares(double rows, Map<String, Double> shares) {
        this.rows = rows;
        this.shares = Map.copyOf(shares);
        this.common = shares.entrySet().stream()
                .filter(share -> share.getValue() >= COMMON)
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The table's rows, as the planner estimates them. */
    public double rows() {
        return rows;
    }

    /** The share of rows that hold {@code word}: 0 for one the statistics do not list, rarer than those. */
    public double share(String word) {
        return shares.getOrDefault(word, 0.0);
    }

    /** The words in at least three rows of four. */
    public Set<String> common() {
        return common;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WordShares that && rows == that.rows && shares.equals(that.shares);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(rows) * 31 + shares.hashCode();
    }
}
