package tiddly.sql;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * ETags: a strong validator from content, so any change to a row changes its ETag. Keyed (HMAC)
 * with the server's secret, because a row's content includes its hidden columns, and a plain
 * hash would let a client confirm a guess of a hidden value offline.
 */
public final class Versions {
    private static final int TAG_BYTES = 16;

    private final SecretKeySpec key;

    public Versions(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** {@code "<32 hex digits>"}: 128 bits of the content's HMAC-SHA256. */
    public String etag(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] tag = mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(tag, 0, TAG_BYTES) + '"';
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
