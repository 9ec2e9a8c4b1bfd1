package tiddly.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tiddly.query.SearchQuery;
import tiddly.query.SearchQuery.Clause;
import tiddly.query.SearchQuery.Term;
import tiddly.query.Where;
import tiddly.schema.WordShares;

/**
 * Whether PostgreSQL finds the first {@code count} matches of a search sooner by scanning the
 * table than through its GIN index, by the planner's statistics ({@link WordShares}). A scan tests
 * rows in table order until it has them: about {@code count / p} rows, p the share of rows that
 * match, the product of the required words' shares (as if the words were independent, as the
 * planner assumes too). The index reads the whole list of each word it looks up, however few
 * matches are wanted: the table's rows times the sum of those words' shares. On 1,000,000 rows a
 * row tested costs about 0.8 µs and an entry of a list about 0.05 µs (docs/performance.md,
 * Session 12): a row, 17 entries. A query with a prefix or an OR is left to the planner.
 */
final class ScanOrIndex {
    private static final double ROW_IN_ENTRIES = 17;

    private ScanOrIndex() {}

    static boolean scans(Where.Search search, long count) {
        Optional<List<String>> required = requiredWords(search.query());
        WordShares statistics = search.index().statistics();
        if (required.isEmpty() || required.get().isEmpty()) {
            return false;
        }
        double matching = 1;
        for (String word : required.get()) {
            matching *= statistics.share(word);
        }
        // the words the index looks up: PostgresSearch#match leaves the common ones out beside a rarer one
        SearchQuery indexed =
                SearchText.withoutCommon(search.query(), statistics.common()).orElse(search.query());
        double listed = 0;
        for (String word : requiredWords(indexed).orElse(required.get())) {
            listed += statistics.share(word);
        }
        return matching > 0 && count / matching * ROW_IN_ENTRIES < statistics.rows() * listed;
    }

    /** Every word a match must hold, phrases' included; empty if a required clause has a prefix or an OR. */
    private static Optional<List<String>> requiredWords(SearchQuery query) {
        List<String> words = new ArrayList<>();
        for (Clause clause : query.clauses()) {
            if (clause.excluded()) {
                continue;
            }
            if (clause.alternatives().size() != 1) {
                return Optional.empty();
            }
            Term term = clause.alternatives().get(0);
            if (term.prefix()) {
                return Optional.empty();
            }
            words.addAll(term.words());
        }
        return Optional.of(words);
    }
}
