package tiddly.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import java.util.Map;
import java.util.Optional;

/**
 * Every error of the client: the server's error envelope ({@code status}, {@code code}, the
 * message, {@code details}, {@code request_id}), or one the client raised itself before or without
 * a request, whose {@link #status()} is 0 and whose {@link #requestId()} is empty.
 */
public class TiddlyClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final Map<String, String> details;
    private final String requestId;
    private final transient JsonElement data;
    private final String etag;

    TiddlyClientException(
            int status,
            String code,
            String message,
            Map<String, String> details,
            String requestId,
            JsonElement data,
            String etag) {
        super(message);
        this.etag = etag;
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
        this.requestId = requestId;
        this.data = data;
    }

    /** An error the client raised itself: no request was sent, or none was answered. */
    static TiddlyClientException local(String code, String message) {
        return new TiddlyClientException(0, code, message, Map.of(), null, JsonNull.INSTANCE, null);
    }

    /** The HTTP status of the answer, or 0 when the client raised the error itself. */
    public int status() {
        return status;
    }

    /** The stable code: the server's (docs/errors.md) or the client's (docs/clients-java.md). */
    public String code() {
        return code;
    }

    /** Per-column problems of a written row, such as {@code {"title": "is required"}}; often empty. */
    public Map<String, String> details() {
        return details;
    }

    /** The {@code X-Request-Id} the server gave the failed request, to find it in the server's log. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The envelope's {@code data}, such as {@code {"index": 2}} for a failed batch; JSON null if none. */
    public JsonElement data() {
        return data;
    }

    /** The answer's ETag header: on a 412, the row's current ETag. */
    Optional<String> etag() {
        return Optional.ofNullable(etag);
    }
}
