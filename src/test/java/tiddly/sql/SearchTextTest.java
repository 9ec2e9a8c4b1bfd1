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
    void mariadbGetsABooleanModeQuery() {
        assertEquals("+dune +(\"desert spice\" asi*) -messiah", SearchText.booleanMode(QUERY));
    }
}
