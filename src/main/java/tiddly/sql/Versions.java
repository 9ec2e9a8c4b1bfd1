package tiddly.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** ETags: a strong validator hashed from content, so that any change to a row changes its ETag. */
public final class Versions {
    private static final int HASH_BYTES = 16;

    private Versions() {}

    /** {@code "<32 hex digits>"} from the first 128 bits of the content's SHA-256. */
    public static String etag(String content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(hash, 0, HASH_BYTES) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
