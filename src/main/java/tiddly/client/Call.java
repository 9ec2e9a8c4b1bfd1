package tiddly.client;

import com.google.gson.JsonElement;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the server: a method, a path below the base URI (already encoded), an optional
 * JSON body and extra headers. Only GET and QUERY are safe, so only they are retried on a 503.
 */
record Call(String method, String path, Optional<JsonElement> body, Map<String, String> headers) {
    static Call get(String path) {
        return new Call("GET", path, Optional.empty(), Map.of());
    }

    static Call query(String path, JsonElement body) {
        return new Call("QUERY", path, Optional.of(body), Map.of());
    }

    static Call write(String method, String path, JsonElement body) {
        return new Call(method, path, Optional.ofNullable(body), Map.of());
    }

    Call withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Call(method, path, body, Map.copyOf(more));
    }

    boolean safe() {
        return method.equals("GET") || method.equals("QUERY");
    }
}
