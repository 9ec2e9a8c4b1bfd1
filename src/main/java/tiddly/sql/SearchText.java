package tiddly.sql;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import tiddly.query.SearchQuery;
import tiddly.query.SearchQuery.Clause;
import tiddly.query.SearchQuery.Term;

/**
 * {@link SearchQuery} → each engine's query text, which is then bound as a parameter. Words are
 * letters and digits only (see the parser), yet each is still quoted the engine's way.
 */
final class SearchText {
    private SearchText() {}

    /** SQLite FTS5: {@code "dune" AND ("herbert" OR "asi" *) NOT "messiah"}. */
    static String fts5(SearchQuery query) {
        return text(
                query,
                term -> "\"" + String.join(" ", term.words()).replace("\"", "\"\"") + "\""
                        + (term.prefix() ? " *" : ""),
                " AND ",
                " OR ",
                " NOT ");
    }

    /** PostgreSQL tsquery: {@code 'dune' & ('herbert' | 'asi':*) & !'messiah'}; phrases with {@code <->}. */
    static String tsquery(SearchQuery query) {
        return tsquery(query, " <-> ");
    }

    /**
     * The tsquery for PostgreSQL's document without positions, on which a phrase never matches:
     * each phrase becomes its words (all must be there), an excluded phrase is left out. Every row
     * that matches {@link #tsquery} matches it, so it can choose the rows that {@code tsquery} then
     * tests on the document with positions; without phrases the two are the same.
     */
    static String wordsTsquery(SearchQuery query) {
        return tsquery(
                new SearchQuery(query.clauses().stream()
                        .filter(clause -> !clause.excluded() || !hasPhrase(clause))
                        .toList()),
                " & ");
    }

    /**
     * The query without its required single words that {@code common} holds, when it drops one
     * and keeps a required clause: every row that matches the query matches it, so it can choose
     * the rows that the whole query then tests. Empty when it would drop nothing, or keep only
     * exclusions (which an index cannot look up).
     */
    static Optional<SearchQuery> withoutCommon(SearchQuery query, Set<String> common) {
        List<Clause> kept = query.clauses().stream()
                .filter(clause -> !commonWord(clause, common))
                .toList();
        boolean dropped = kept.size() < query.clauses().size();
        boolean required = kept.stream().anyMatch(clause -> !clause.excluded());
        return dropped && required ? Optional.of(new SearchQuery(kept)) : Optional.empty();
    }

    private static boolean commonWord(Clause clause, Set<String> common) {
        if (clause.excluded() || clause.alternatives().size() != 1) {
            return false;
        }
        Term term = clause.alternatives().get(0);
        return !term.prefix()
                && term.words().size() == 1
                && common.contains(term.words().get(0));
    }

    /** Whether a term of the query is a phrase of more than one word. */
    static boolean hasPhrase(SearchQuery query) {
        return query.clauses().stream().anyMatch(SearchText::hasPhrase);
    }

    private static boolean hasPhrase(Clause clause) {
        return clause.alternatives().stream().anyMatch(term -> term.words().size() > 1);
    }

    private static String tsquery(SearchQuery query, String next) {
        return text(
                query,
                term -> {
                    StringJoiner phrase = new StringJoiner(
                            next,
                            term.words().size() > 1 ? "(" : "",
                            term.words().size() > 1 ? ")" : "");
                    term.words()
                            .forEach(word ->
                                    phrase.add("'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
                                            + (term.prefix() ? ":*" : "")));
                    return phrase.toString();
                },
                " & ",
                " | ",
                " & !");
    }

    /** MariaDB boolean mode: {@code +dune +(herbert asi*) -messiah}; phrases in double quotes. */
    static String booleanMode(SearchQuery query) {
        StringJoiner text = new StringJoiner(" ");
        for (Clause clause : query.clauses()) {
            if (clause.excluded()) {
                text.add("-" + boolean1(clause.alternatives().get(0)));
            } else if (clause.alternatives().size() == 1) {
                text.add("+" + boolean1(clause.alternatives().get(0)));
            } else {
                StringJoiner any = new StringJoiner(" ", "+(", ")");
                clause.alternatives().forEach(term -> any.add(boolean1(term)));
                text.add(any.toString());
            }
        }
        return text.toString();
    }

    private static String boolean1(Term term) {
        if (term.words().size() > 1) {
            return "\"" + String.join(" ", term.words()) + "\"";
        }
        return term.words().get(0) + (term.prefix() ? "*" : "");
    }

    /** The positive clauses joined by {@code and}, in parentheses, then each exclusion after {@code not}. */
    private static String text(SearchQuery query, Function<Term, String> term, String and, String or, String not) {
        StringJoiner positive = new StringJoiner(and);
        StringBuilder excluded = new StringBuilder();
        for (Clause clause : query.clauses()) {
            if (clause.excluded()) {
                excluded.append(not).append(term.apply(clause.alternatives().get(0)));
                continue;
            }
            List<Term> alternatives = clause.alternatives();
            if (alternatives.size() == 1) {
                positive.add(term.apply(alternatives.get(0)));
            } else {
                StringJoiner any = new StringJoiner(or, "(", ")");
                alternatives.forEach(alternative -> any.add(term.apply(alternative)));
                positive.add(any.toString());
            }
        }
        return excluded.isEmpty() ? positive.toString() : "(" + positive + ")" + excluded;
    }
}
