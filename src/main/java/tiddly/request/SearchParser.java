package tiddly.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tiddly.query.SearchQuery;
import tiddly.query.SearchQuery.Clause;
import tiddly.query.SearchQuery.Term;

/**
 * The search box language → {@link SearchQuery}: words all must match, {@code "a phrase"},
 * {@code -excluded}, {@code prefix*}, {@code this OR that}. OR binds tighter than the implicit
 * AND: {@code dune herbert OR asimov} is dune AND (herbert OR asimov). Words are runs of letters
 * and digits, folded to lower case; other characters separate words ({@code sci-fi} is the phrase
 * "sci fi"). One pass, linear in the text, which is bounded before it is read.
 */
final class SearchParser {
    /** Longer than any search box; a bound on the work one request can ask for. */
    static final int MAX_LENGTH = 1000;
    /** Words across all terms: each is a lookup in the index. */
    static final int MAX_WORDS = 32;

    private final String text;
    private int position;
    private int words;

    private SearchParser(String text) {
        this.text = text;
    }

    static SearchQuery parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw BadRequestException.invalidSearch("the search query is " + text.length()
                    + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        return new SearchParser(text).query();
    }

    private SearchQuery query() {
        List<Clause> clauses = new ArrayList<>();
        List<Term> alternatives = new ArrayList<>();
        boolean pendingOr = false;
        while (skipSpaces()) {
            boolean excluded = text.charAt(position) == '-'
                    && position + 1 < text.length()
                    && !Character.isWhitespace(text.charAt(position + 1));
            if (excluded) {
                position++;
            }
            int start = position;
            if (!excluded && text.charAt(position) != '"' && word().equals("OR")) {
                if (alternatives.isEmpty() || pendingOr) {
                    throw BadRequestException.invalidSearch("OR needs a term on each side");
                }
                pendingOr = true;
                continue;
            }
            position = start;
            Term term = term();
            if (term == null) {
                continue; // punctuation only, such as "&"
            }
            if (excluded) {
                if (pendingOr) {
                    throw BadRequestException.invalidSearch("an excluded term cannot be part of OR");
                }
                close(clauses, alternatives);
                clauses.add(new Clause(List.of(term), true));
                continue;
            }
            if (!pendingOr) {
                close(clauses, alternatives);
            }
            alternatives.add(term);
            pendingOr = false;
        }
        if (pendingOr) {
            throw BadRequestException.invalidSearch("OR needs a term on each side");
        }
        close(clauses, alternatives);
        if (clauses.isEmpty()) {
            throw BadRequestException.invalidSearch("the search query has no words");
        }
        if (clauses.stream().allMatch(Clause::excluded)) {
            throw BadRequestException.invalidSearch(
                    "the search query only excludes words; add a word that rows must have");
        }
        return new SearchQuery(clauses);
    }

    private static void close(List<Clause> clauses, List<Term> alternatives) {
        if (!alternatives.isEmpty()) {
            clauses.add(new Clause(alternatives, false));
            alternatives.clear();
        }
    }

    /** Whether text remains after the spaces at the current position. */
    private boolean skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
        return position < text.length();
    }

    /** The raw text up to the next space or quote. */
    private String word() {
        int start = position;
        while (position < text.length()
                && !Character.isWhitespace(text.charAt(position))
                && text.charAt(position) != '"') {
            position++;
        }
        return text.substring(start, position);
    }

    /** A phrase in quotes, or a bare word, possibly with a trailing *; null when it has no letters. */
    private Term term() {
        if (text.charAt(position) == '"') {
            int end = text.indexOf('"', position + 1);
            if (end < 0) {
                throw BadRequestException.invalidSearch("the search query has an unbalanced quote");
            }
            List<String> phrase = words(text.substring(position + 1, end));
            position = end + 1;
            if (position < text.length() && text.charAt(position) == '*') {
                throw BadRequestException.invalidSearch("a prefix * goes after a single word, not a phrase");
            }
            return phrase.isEmpty() ? null : new Term(phrase, false);
        }
        String raw = word();
        boolean prefix = raw.endsWith("*");
        List<String> parts = words(prefix ? raw.substring(0, raw.length() - 1) : raw);
        if (prefix && parts.size() != 1) {
            throw BadRequestException.invalidSearch(
                    "a prefix * goes after a single word, like dun*; got '" + raw + "'");
        }
        return parts.isEmpty() ? null : new Term(parts, prefix);
    }

    /** The runs of letters and digits in {@code raw}, lower case; counted against the bound. */
    private List<String> words(String raw) {
        List<String> found = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= raw.length(); i++) {
            boolean letter = i < raw.length() && Character.isLetterOrDigit(raw.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                found.add(raw.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
        words += found.size();
        if (words > MAX_WORDS) {
            throw BadRequestException.invalidSearch(
                    "the search query has more than " + MAX_WORDS + " words; at most " + MAX_WORDS + " are allowed");
        }
        return found;
    }
}
