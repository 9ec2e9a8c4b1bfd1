package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tiddly.query.SearchQuery;
import tiddly.query.SearchQuery.Clause;
import tiddly.query.SearchQuery.Term;

/** One parsed query → each engine's query text. */
class SearchTextTest {
    private static final SearchQuery QUERY = new SearchQuery(List.of(
            new Clause(List.of(new Term(List.of("dune"), false)), false),
            new Clause(List.of(new Term(List.of("desert", "spice"), false), new Term(List.of("asi"), true)), false),
            new Clause(List.of(new Term(List.of("messiah"), false)), true)));

    @Test
    void sqliteGetsAnFts5Expression() {
        assertEquals("(\"dune\" AND (\"desert spice\" OR \"asi\" *)) NOT \"messiah\"", SearchText.fts5(QUERY));
    }

    @Test
    void postgresGetsATsquery() {
        assertEquals("('dune' & (('desert' <-> 'spice') | 'asi':*)) & !'messiah'", SearchText.tsquery(QUERY));
    }

    @Test
    void postgresDocumentWithoutPositionsGetsPhrasesAsTheirWordsAndNoExcludedPhrase() {
        SearchQuery query = new SearchQuery(List.of(
                QUERY.clauses().get(0),
                QUERY.clauses().get(1),
                new Clause(List.of(new Term(List.of("golden", "path"), false)), true),
                QUERY.clauses().get(2)));
        assertEquals("('dune' & (('desert' & 'spice') | 'asi':*)) & !'messiah'", SearchText.wordsTsquery(query));
        assertEquals(true, SearchText.hasPhrase(query));
        assertEquals(
                false,
                SearchText.hasPhrase(new SearchQuery(List.of(QUERY.clauses().get(0)))));
    }

    @Test
    void mariadbGetsABooleanModeQuery() {
        assertEquals("+dune +(\"desert spice\" asi*) -messiah", SearchText.booleanMode(QUERY));
    }
}
