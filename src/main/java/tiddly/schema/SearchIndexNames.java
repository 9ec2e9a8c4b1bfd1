package tiddly.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Tiddly names its search indexes: {@code _search_<table>_<8 hex digits>}, the digits a hash
 * of the column list, so that one table may have indexes on several column sets and the same
 * columns always give the same name. The {@code _} prefix keeps them out of the exposed tables.
 */
public final class SearchIndexNames {
    private static final Pattern NAME = Pattern.compile(Pattern.quote(SearchIndex.PREFIX) + "(.+)_([0-9a-f]{8})");

    private SearchIndexNames() {}

    /** The name of the index of {@code table} over {@code columns}, in this order. */
    public static String of(String table, List<String> columns) {
        return SearchIndex.PREFIX + table + "_" + hash(columns);
    }

    /** MariaDB's index names are per table, and at most 64 characters: no table name in them. */
    public static String ofMariadb(List<String> columns) {
        return SearchIndex.PREFIX + hash(columns);
    }

    /**
     * PostgreSQL: the stored column of the document without positions that the GIN index of the
     * index over {@code columns} indexes (hidden like the index's own column by the prefix).
     */
    public static String words(List<String> columns) {
        return SearchIndex.PREFIX + "words_" + hash(columns);
    }

    /** The table an index named {@code name} searches, if it is named like one. */
    public static Optional<String> table(String name) {
        Matcher matcher = NAME.matcher(name);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static String hash(List<String> columns) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\u0000", columns).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
