package tiddly.http;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tiddly.schema.Column;

/**
 * The TypeScript declarations of {@code /_client.d.ts}: the client's API (clients/js/tiddly.d.ts)
 * with the tables a role may read written in, one interface of columns and one key type each.
 */
final class TypeDeclarations {
    /** Where the template's empty Tables stands; the generated tables replace it. */
    static final String MARKER = "// @tables\nexport interface Tables {}\n";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private TypeDeclarations() {}

    static String write(String template, List<VisibleTable> tables, String role) {
        if (!template.contains(MARKER)) {
            throw new IllegalStateException("the client's tiddly.d.ts has no Tables marker");
        }
        StringBuilder out = new StringBuilder();
        out.append("// The tables role '")
                .append(role.replace("\n", " "))
                .append("' may read, from the live schema.\n");
        Set<String> used = new HashSet<>();
        StringBuilder index = new StringBuilder("export interface Tables {\n");
        for (VisibleTable table : tables) {
            String type = unique(typeName(table.table().name()), used);
            out.append("export interface ").append(type).append("Row {\n");
            for (Column column : table.columns()) {
                if (column.hidden()) {
                    continue; // listed by /_schema without rules, but its values are never returned
                }
                out.append("  ")
                        .append(property(column.name()))
                        .append(": ")
                        .append(tsType(column))
                        .append(";\n");
            }
            out.append("}\n");
            out.append("export type ")
                    .append(type)
                    .append("Key = ")
                    .append(key(table))
                    .append(";\n");
            index.append("  ")
                    .append(property(table.table().name()))
                    .append(": Table<")
                    .append(type)
                    .append("Row, ")
                    .append(type)
                    .append("Key>;\n");
        }
        out.append(index).append("}\n");
        return template.replace(MARKER, out.toString());
    }

    private static String key(VisibleTable table) {
        List<String> names = table.primaryKey();
        if (names.isEmpty()) {
            return "never";
        }
        if (names.size() == 1) {
            return table.table()
                    .column(names.get(0))
                    .map(TypeDeclarations::scalar)
                    .orElse("unknown");
        }
        StringBuilder key = new StringBuilder("{ ");
        for (String name : names) {
            key.append(property(name))
                    .append(": ")
                    .append(table.table()
                            .column(name)
                            .map(TypeDeclarations::scalar)
                            .orElse("unknown"))
                    .append("; ");
        }
        return key.append("}").toString();
    }

    private static String tsType(Column column) {
        String type = scalar(column);
        return column.nullable() ? type + " | null" : type;
    }

    /** The JSON a column's values come as (docs/API.md#values-and-column-types). */
    private static String scalar(Column column) {
        return switch (column.type()) {
            case INTEGER, REAL, NUMERIC, DECIMAL -> "number";
            case BOOLEAN -> "boolean";
            case JSON -> "unknown";
            case ARRAY -> "unknown[]";
            case ANY -> "string | number | boolean";
            default -> "string"; // text, blob (base64), uuid, dates and times (ISO-8601)
        };
    }

    /** A property name, quoted unless it is an identifier. */
    private static String property(String name) {
        return IDENTIFIER.matcher(name).matches() ? name : string(name);
    }

    private static String string(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** "book_genre" → "BookGenre"; anything that is not a letter or digit separates words. */
    private static String typeName(String table) {
        StringBuilder name = new StringBuilder();
        for (String word : table.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
            name.insert(0, "T");
        }
        return name.toString();
    }

    private static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = name + n;
        }
        return candidate;
    }
}
