package tiddly.schema;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The comment {@code search-index} puts on a PostgreSQL index: {@code tiddly search ["title","body"]}.
 * An index whose comment is not this is not Tiddly's and is left alone.
 */
public final class SearchIndexNote {
    private static final String PREFIX = "tiddly search ";

    private SearchIndexNote() {}

    public static String of(List<String> columns) {
        JsonArray array = new JsonArray();
        columns.forEach(array::add);
        return PREFIX + array;
    }

    static Optional<List<String>> columns(String note) {
        if (note == null || !note.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonElement json = JsonParser.parseString(note.substring(PREFIX.length()));
            List<String> columns = new ArrayList<>();
            for (JsonElement element : json.getAsJsonArray()) {
                columns.add(element.getAsString());
            }
            return Optional.of(columns);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
