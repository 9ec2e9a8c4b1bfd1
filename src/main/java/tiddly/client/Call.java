package tiddly.client;

import com.google.gson.JsonElement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One request to the server: a method, a path below the base URI (already encoded), an optional
 * JSON body and extra headers. GET and QUERY are safe; a write carries an {@code Idempotency-Key}
 * of its own, kept on every attempt, so the server applies it once. Both may be sent again.
 */
record Call(String method, String path, Optional<JsonElement> body, Map<String, String> headers) {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    static Call get(String path) {
        return new Call("GET", path, Optional.empty(), Map.of());
    }

    static Call query(String path, JsonElement body) {
        return new Call("QUERY", path, Optional.of(body), Map.of());
    }

    /** A write to a table or {@code /_batch}, under a new key. */
    static Call write(String method, String path, JsonElement body) {
        return new Call(
                method,
                path,
                Optional.ofNullable(body),
                Map.of(IDEMPOTENCY_KEY, UUID.randomUUID().toString()));
    }

    /** A sign-in: it writes nothing, so it has no key, and it is not sent twice. */
    static Call login(JsonElement body) {
        return new Call("POST", "/_login", Optional.of(body), Map.of());
    }

    Call withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Call(method, path, body, Map.copyOf(more));
    }

    boolean safe() {
        return method.equals("GET") || method.equals("QUERY");
    }

    /** Whether sending it again cannot apply it twice: safe, or a write under its key. */
    boolean repeatable() {
        return safe() || headers.containsKey(IDEMPOTENCY_KEY);
    }
}
