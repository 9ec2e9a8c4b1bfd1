package tiddly.sql;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tiddly.query.SearchQuery;
import tiddly.query.Selected;

/**
 * Snippets made by Tiddly from the column's text, for MariaDB and MySQL, which have no function
 * that marks matched words. The words are the search's own (runs of letters and digits, compared
 * without case or accents, as MariaDB's usual {@code _ci} collations compare them): a word term
 * marks that word, a prefix every word it begins, a phrase its words where they follow each other
 * in order; excluded terms mark nothing. The excerpt is the {@code words} words with the most
 * marks (the first such, its marks centred), with "…" where the text goes on, as SQLite's snippet() writes it.
 */
final class Excerpts {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private Excerpts() {}

    static String excerpt(String text, SearchQuery query, Selected.Snippet snippet) {
        List<int[]> words = new ArrayList<>(); // [start, end) of each word
        List<String> folded = new ArrayList<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            words.add(new int[] {matcher.start(), matcher.end()});
            folded.add(fold(matcher.group()));
        }
        boolean[] marked = marks(folded, query);
        int size = snippet.words();
        int first = 0;
        if (words.size() > size) {
            int best = -1;
            int inWindow = 0;
            for (int end = 0; end < words.size(); end++) {
                inWindow += marked[end] ? 1 : 0;
                if (end >= size) {
                    inWindow -= marked[end - size] ? 1 : 0;
                }
                if (end >= size - 1 && inWindow > best) {
                    best = inWindow;
                    first = end - size + 1;
                }
            }
        }
        if (words.size() > size) {
            // Centre the window's marks: the first window with the most marks may end with one.
            int low = first;
            while (low < first + size - 1 && !marked[low]) {
                low++;
            }
            int high = first + size - 1;
            while (high > low && !marked[high]) {
                high--;
            }
            first = Math.max(0, Math.min(words.size() - size, low - (size - (high - low + 1)) / 2));
        }
        int last = Math.min(words.size(), first + size) - 1;
        StringBuilder excerpt = new StringBuilder();
        int from = first == 0 ? 0 : words.get(first)[0];
        if (first > 0) {
            excerpt.append('…');
        }
        for (int i = first; i <= last; i++) {
            excerpt.append(text, from, words.get(i)[0]);
            if (marked[i]) {
                excerpt.append(snippet.open())
                        .append(text, words.get(i)[0], words.get(i)[1])
                        .append(snippet.close());
            } else {
                excerpt.append(text, words.get(i)[0], words.get(i)[1]);
            }
            from = words.get(i)[1];
        }
        if (last == words.size() - 1) {
            excerpt.append(text, from, text.length());
        } else {
            excerpt.append('…');
        }
        return words.isEmpty() ? text : excerpt.toString();
    }

    private static boolean[] marks(List<String> words, SearchQuery query) {
        boolean[] marked = new boolean[words.size()];
        for (SearchQuery.Clause clause : query.clauses()) {
            if (clause.excluded()) {
                continue;
            }
            for (SearchQuery.Term term : clause.alternatives()) {
                List<String> wanted = term.words().stream().map(Excerpts::fold).toList();
                for (int i = 0; i + wanted.size() <= words.size(); i++) {
                    if (matches(words, i, wanted, term.prefix())) {
                        for (int j = 0; j < wanted.size(); j++) {
                            marked[i + j] = true;
                        }
                    }
                }
            }
        }
        return marked;
    }

    private static boolean matches(List<String> words, int at, List<String> wanted, boolean prefix) {
        for (int j = 0; j < wanted.size(); j++) {
            String word = words.get(at + j);
            if (!(prefix ? word.startsWith(wanted.get(j)) : word.equals(wanted.get(j)))) {
                return false;
            }
        }
        return true;
    }

    private static String fold(String word) {
        return MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFD))
                .replaceAll("")
                .toLowerCase(Locale.ROOT);
    }
}
