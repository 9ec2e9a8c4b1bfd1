package tiddly.openapi;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tiddly.schema.Table;

/**
 * What a table is called in the document: a component name (OpenAPI allows only
 * {@code [A-Za-z0-9._-]} there), a part of operation ids ("Book" in {@code listBook}) and its path
 * segment, percent-encoded. Names that clash once cleaned get a number, in table order.
 */
final class Names {
    /** One table's names. */
    record Of(String component, String operation, String path) {}

    private final Map<String, Of> names = new LinkedHashMap<>();

    Names(Iterable<Table> tables) {
        Set<String> components = new HashSet<>();
        Set<String> operations = new HashSet<>();
        for (Table table : tables) {
            String component = unique(table.name().replaceAll("[^A-Za-z0-9_-]", "_"), components);
            String operation = unique(camel(table.name()), operations);
            names.put(table.name(), new Of(component, operation, "/" + segment(table.name())));
        }
    }

    Of of(Table table) {
        return names.get(table.name());
    }

    /** "book_genre" → "BookGenre"; a name without letters or digits → "Table". */
    private static String camel(String name) {
        StringBuilder camel = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                camel.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return camel.length() == 0 ? "Table" : camel.toString();
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = name + "_" + i; // case-insensitively unique: generated files must not clash on any disk
        }
        return candidate;
    }

    /** A path segment: unreserved characters as they are, every other byte of UTF-8 as %XX. */
    static String segment(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
