package tiddly.query;

import java.util.List;

/**
 * A parsed full-text query, the same for every database: every clause must match. A clause is
 * one or more alternatives joined by OR, or one excluded term. Words are lower case, letters and
 * digits only, so no text of the request reaches an engine's query syntax unchecked.
 */
public record SearchQuery(List<Clause> clauses) {
    public SearchQuery {
        clauses = List.copyOf(clauses);
    }

    /**
     * A word ({@code dune}), a prefix ({@code dun*}) or a phrase ({@code "dune messiah"}).
     *
     * @param words one word, or the words of a phrase in order
     * @param prefix the (single) word matches any word it begins
     */
    public record Term(List<String> words, boolean prefix) {
        public Term {
            words = List.copyOf(words);
        }
    }

    /**
     * @param alternatives at least one; the clause matches when any of them does
     * @param excluded the clause matches rows that do not have its (single) term
     */
    public record Clause(List<Term> alternatives, boolean excluded) {
        public Clause {
            alternatives = List.copyOf(alternatives);
        }
    }
}
