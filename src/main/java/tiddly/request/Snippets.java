package tiddly.request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.regex.Pattern;
import tiddly.query.Selected;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * {@code {"snippet": "body", "as": "excerpt", "mark": ["<b>", "</b>"], "words": 16}} in select: an
 * excerpt of a searched column with the matched words marked. The marks default to « and », which
 * no HTML parser reads as markup; the excerpt is the column's text, not HTML.
 */
final class Snippets {
    static final String OPEN = "«";
    static final String CLOSE = "»";
    static final int DEFAULT_WORDS = 16;
    static final int MAX_WORDS = 64;
    /** A mark is bound, but PostgreSQL reads it inside an options string, where " and , would end it. */
    private static final Pattern MARK = Pattern.compile("[^\"\\\\,\\p{Cntrl}]{1,16}");

    private Snippets() {}

    static Selected.Snippet parse(Table table, JsonObject object) {
        String open = OPEN;
        String close = CLOSE;
        int words = DEFAULT_WORDS;
        String alias = null;
        Column column = null;
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            JsonElement value = entry.getValue();
            switch (entry.getKey()) {
                case "snippet" -> column = Columns.readable(table, string(value, "snippet"), "select");
                case "as" -> alias = string(value, "as");
                case "words" -> {
                    if (!value.isJsonPrimitive()
                            || !value.getAsJsonPrimitive().isNumber()
                            || value.getAsDouble() != Math.rint(value.getAsDouble())
                            || value.getAsDouble() < 2
                            || value.getAsDouble() > MAX_WORDS) {
                        throw BadRequestException.invalidSearch(
                                "'words' of a snippet takes a whole number from 2 to " + MAX_WORDS + ", got " + value);
                    }
                    words = value.getAsInt();
                }
                case "mark" -> {
                    JsonArray marks = value.isJsonArray() ? value.getAsJsonArray() : new JsonArray();
                    if (marks.size() != 2
                            || !MARK.matcher(string(marks.get(0), "mark")).matches()
                            || !MARK.matcher(string(marks.get(1), "mark")).matches()) {
                        throw BadRequestException.invalidSearch("'mark' of a snippet takes two strings of 1 to 16"
                                + " characters without quotes, commas or backslashes, like [\"<b>\", \"</b>\"]");
                    }
                    open = marks.get(0).getAsString();
                    close = marks.get(1).getAsString();
                }
                default ->
                    throw BadRequestException.invalidSearch(
                            "unknown key '" + entry.getKey() + "' in a snippet; expected snippet, as, mark or words");
            }
        }
        String name = alias != null ? alias : column.name() + "_snippet";
        if (!Pattern.matches("[A-Za-z_][A-Za-z0-9_]{0,62}", name)) {
            throw BadRequestException.invalidBody("alias '" + name + "' must be letters, digits and _,"
                    + " starting with a letter or _; name it with \"as\"");
        }
        return new Selected.Snippet(column, name, open, close, words);
    }

    /** A snippet marks what the where's search matched: it needs one, over its column. */
    static void check(Selected.Snippet snippet, Where where) {
        Where.Search search = where.search()
                .orElseThrow(() -> BadRequestException.invalidSearch(
                        "a snippet shows what a search matched; add a search to where"));
        if (!search.index().columns().contains(snippet.column().name())) {
            throw BadRequestException.invalidSearch(
                    "snippet of '" + snippet.column().name() + "': the search is over ("
                            + String.join(", ", search.index().columns()) + ")");
        }
    }

    private static String string(JsonElement value, String key) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw BadRequestException.invalidSearch("'" + key + "' of a snippet takes a string, got " + value);
        }
        return value.getAsString();
    }
}
