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

    /** A keyed Mac per thread: creating one per row was the hottest cost of versioned reads. */
    private final ThreadLocal<Mac> macs;

    public Versions(byte[] secret) {
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java runtime has HmacSHA256", e);
            }
        });
    }

    /** {@code "<32 hex digits>"}: 128 bits of the content's HMAC-SHA256. */
    public String etag(String content) {
        return etag(content.getBytes(StandardCharsets.UTF_8));
    }

    public String etag(byte[] content) {
        byte[] tag = macs.get().doFinal(content); // doFinal also resets the Mac for the next use
        return '"' + HexFormat.of().formatHex(tag, 0, TAG_BYTES) + '"';
    }
}
