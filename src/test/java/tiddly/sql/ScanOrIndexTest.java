package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tiddly.query.SearchQuery;
import tiddly.query.SearchQuery.Clause;
import tiddly.query.SearchQuery.Term;
import tiddly.query.Where;
import tiddly.schema.SearchIndex;
import tiddly.schema.WordShares;

/**
 * The statistics of bench/search.sh's 1,000,000 rows (pg_stats of the document without
 * positions), and the choice each of its pairs gets for 501 candidates, against what was measured
 * (docs/performance.md, Session 12).
 */
class ScanOrIndexTest {
    private static final WordShares BENCH = new WordShares(
            1_000_000,
            Map.of(
                    "w3", 0.995, "w8", 0.93, "w30", 0.488, "w60", 0.288, "w100", 0.182, "w120", 0.162, "w200", 0.096,
                    "w300", 0.067, "w600", 0.034));

    private static boolean scans(WordShares statistics, Clause... clauses) {
        SearchIndex index = new SearchIndex("_search_doc", List.of("title", "body"), "_search_words", statistics);
        return ScanOrIndex.scans(new Where.Search(index, new SearchQuery(Arrays.asList(clauses))), 501);
    }

    private static Clause word(String word) {
        return new Clause(List.of(new Term(List.of(word), false)), false);
    }

    @Test
    void wordsInManyRowsAreFoundSoonerByAScan() {
        assertTrue(scans(BENCH, word("w3"), word("w8")));
        assertTrue(scans(BENCH, word("w30"), word("w60")));
        assertTrue(scans(BENCH, word("w60"), word("w120"))); // the index took 26 ms, the scan 12
    }

    @Test
    void rarerWordsAreLookedUpInTheIndex() {
        assertFalse(scans(BENCH, word("w100"), word("w200"))); // 19 ms either way
        assertFalse(scans(BENCH, word("w300"), word("w600")));
        assertFalse(scans(BENCH, word("w3"), word("w3000"))); // a word the statistics do not list
    }

    @Test
    void aCommonWordBesideARarerOneCostsTheIndexNothing() {
        // the index reads only w120's list (PostgresSearch#match): 162,000 entries against 29,000 rows tested
        assertTrue(scans(BENCH, word("w3"), word("w120")));
        // w600's list against 15,000 rows tested
        assertFalse(scans(BENCH, word("w3"), word("w600")));
    }

    @Test
    void aPrefixOrAnOrIsLeftToThePlanner() {
        assertFalse(scans(BENCH, word("w30"), new Clause(List.of(new Term(List.of("w6"), true)), false)));
        assertFalse(scans(
                BENCH,
                word("w30"),
                new Clause(List.of(new Term(List.of("w60"), false), new Term(List.of("w8"), false)), false)));
    }

    @Test
    void aPhraseCountsEachOfItsWordsAndAnExclusionNone() {
        assertTrue(scans(BENCH, new Clause(List.of(new Term(List.of("w30", "w60"), false)), false)));
        assertTrue(scans(BENCH, word("w30"), word("w60"), new Clause(List.of(new Term(List.of("w5"), false)), true)));
    }

    @Test
    void withoutStatisticsOrOnASmallTableTheIndexIsLeftToThePlanner() {
        assertFalse(scans(WordShares.NONE, word("w30"), word("w60")));
        assertFalse(scans(new WordShares(400, Map.of("river", 0.995, "stone", 0.99)), word("river"), word("stone")));
    }
}
