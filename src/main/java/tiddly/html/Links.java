package tiddly.html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import tiddly.schema.Column;
import tiddly.schema.ForeignKey;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * The pages' links, all relative, so that they hold behind a proxy that serves Tiddly under a path
 * of its own: {@code ./author/3} from {@code /book}, {@code ../author/3} from {@code /book/1},
 * {@code ?…&cursor=…} for the next page. Names and values are percent-encoded, so no link can
 * become a scheme ({@code javascript:}) or leave its path.
 */
final class Links {
    /** The relative path from a page to the server's root, "./" or "../", from the page's raw path. */
    static String root(String rawPath) {
        long slashes = rawPath.chars().filter(c -> c == '/').count();
        return slashes <= 1 ? "./" : "../".repeat((int) (slashes - 1));
    }

    private final String root;
    private final Schema readable;

    /**
     * @param root from {@link #root}
     * @param readable the tables the caller may read: only those are linked to
     */
    Links(String root, Schema readable) {
        this.root = root;
        this.readable = readable;
    }

    String table(String table) {
        return root + segment(table);
    }

    /** The record page of {@code row} of {@code table}, when the table has one key column and the row shows it. */
    Optional<String> row(Table table, Map<String, Object> row) {
        Optional<Column> key = table.singleKey();
        if (key.isEmpty() || !linkable(row.get(key.get().name()))) {
            return Optional.empty();
        }
        return Optional.of(
                table(table.name()) + "/" + segment(Html.text(row.get(key.get().name()))));
    }

    /**
     * Where a foreign-key value leads: the related row's page when the key refers to its table's
     * key, else the related table filtered on the referred column.
     */
    Optional<String> related(Table table, String column, Object value) {
        if (!linkable(value)) {
            return Optional.empty();
        }
        for (ForeignKey key : table.foreignKeys()) {
            if (key.columns().equals(List.of(column))) {
                Optional<Table> target = readable.table(key.referencedTable());
                if (target.isPresent()) {
                    String referred = key.referencedColumns().get(0);
                    boolean byKey = target.get()
                            .singleKey()
                            .map(single -> single.name().equals(referred))
                            .orElse(false);
                    return Optional.of(
                            byKey
                                    ? table(target.get().name()) + "/" + segment(Html.text(value))
                                    : filtered(target.get().name(), referred, value));
                }
            }
        }
        return Optional.empty();
    }

    /** The rows of {@code table} whose {@code column} equals {@code value}: {@code t?where={"column":value}}. */
    String filtered(String table, String column, Object value) {
        return table(table) + "?where=" + query(Html.json(Map.of(column, value)));
    }

    /** This page again with {@code cursor}: the same parameters, any earlier cursor replaced. */
    static String next(Map<String, List<String>> params, String cursor) {
        String kept = withoutCursor(params);
        return "?" + (kept.isEmpty() ? "" : kept + "&") + "cursor=" + query(cursor);
    }

    /** This page's first page: its parameters without the cursor. */
    String first(String table, Map<String, List<String>> params) {
        String query = withoutCursor(params);
        return query.isEmpty() ? table(table) : "?" + query;
    }

    private static String withoutCursor(Map<String, List<String>> params) {
        StringJoiner joined = new StringJoiner("&");
        params.forEach((name, values) -> {
            if (!name.equals("cursor")) {
                values.forEach(value -> joined.add(query(name) + "=" + query(value)));
            }
        });
        return joined.toString();
    }

    /**
     * Scalars only: a blob, JSON or an embedded row makes no key in a URL; nor does a text that a
     * path cannot hold as a segment ("", "." and "..", which a browser resolves away).
     */
    private static boolean linkable(Object value) {
        if (value instanceof String text) {
            return !text.isEmpty() && !text.equals(".") && !text.equals("..");
        }
        return value instanceof Number || value instanceof Boolean;
    }

    private static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A path segment: as in a query, but a space is %20 (Tiddly reads a '+' in a path as a plus). */
    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
