package tiddly.http;

import java.util.List;
import spark.Request;
import spark.Response;

/**
 * Cross-origin access for browser apps: every response names the allowed origin, and preflight
 * OPTIONS requests allow Tiddly's verbs (FETCH included) and JSON bodies.
 */
final class Cors {
    private static final String METHODS = TableRoute.TABLE_VERBS;
    private static final String ROW_METHODS = TableRoute.ROW_VERBS;
    private static final String HEADERS =
            "Content-Type, Accept, Authorization, X-API-Key, X-Request-Id, If-Match, If-None-Match";
    private static final String MAX_AGE_SECONDS = "600";

    private final List<String> origins;

    /** @param origins allowed origins; "*" allows any */
    Cors(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    /** A before-filter: the Allow-Origin header for an allowed Origin. */
    void addHeaders(Request request, Response response) {
        String origin = request.headers("Origin");
        if (origins.contains("*")) {
            response.header("Access-Control-Allow-Origin", "*");
        } else {
            response.header("Vary", "Origin"); // the answer depends on the Origin: caches must keep them apart
            if (origin != null && origins.contains(origin)) {
                response.header("Access-Control-Allow-Origin", origin);
            }
        }
        response.header(
                "Access-Control-Expose-Headers",
                "ETag, Allow, X-Total-Count, X-Request-Id, Retry-After, WWW-Authenticate");
    }

    /** OPTIONS on any path: a preflight answer with no body, allowing what the path accepts. */
    String preflight(Request request, Response response) {
        long segments = request.pathInfo().chars().filter(c -> c == '/').count();
        String methods = segments > 1 && !request.pathInfo().endsWith("/_query") ? ROW_METHODS : METHODS;
        response.header("Access-Control-Allow-Methods", methods);
        response.header("Access-Control-Allow-Headers", HEADERS);
        response.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
        response.header("Allow", methods);
        response.type(Envelope.JSON);
        response.status(204);
        return "";
    }
}
