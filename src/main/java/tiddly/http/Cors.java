package tiddly.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import spark.Request;
import spark.Response;

/**
 * Cross-origin access for browser apps: every response names the allowed origin, and preflight
 * OPTIONS requests allow Tiddly's verbs (FETCH included) and JSON bodies. Tiddly never allows
 * credentials (no Access-Control-Allow-Credentials), but a browser still attaches saved HTTP
 * Basic credentials to a request it sends without a preflight; {@link #refuseForgeable} turns
 * those away.
 */
final class Cors {
    private static final String METHODS = TableRoute.TABLE_VERBS;
    private static final String ROW_METHODS = TableRoute.ROW_VERBS;
    private static final String RPC_METHODS = "GET, POST, QUERY, OPTIONS";
    private static final String HEADERS =
            "Content-Type, Accept, Authorization, X-API-Key, X-Request-Id, If-Match, If-None-Match, Last-Event-ID,"
                    + " Idempotency-Key, Tiddly-Position";
    private static final String MAX_AGE_SECONDS = "600";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final int SHOWN_CHARS = 100;

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
                "ETag, Allow, X-Total-Count, X-Request-Id, Retry-After, WWW-Authenticate, Idempotent-Replayed,"
                        + " Tiddly-Position");
    }

    /**
     * A before-filter: refuses a request that may change data, comes from a web page of an origin
     * that --cors-origins does not name ({@code *} names none), and is not JSON. Any page can make
     * a browser send a POST of {@code text/plain}, a form type or no type without asking first,
     * with the user's saved Basic credentials, and Tiddly reads every body as JSON; a JSON type
     * needs a preflight, which such a request would fail. Requests without an Origin (curl,
     * servers) and those carrying a bearer token or an API key, which only a script that passed
     * the preflight can add, are not affected.
     */
    void refuseForgeable(Request request) {
        String origin = request.headers("Origin");
        if (origin == null
                || origins.contains(origin)
                || !WRITES.contains(request.requestMethod().toUpperCase(Locale.ROOT)) // routing ignores case too
                || json(request.headers("Content-Type"))
                || request.headers("X-API-Key") != null
                || bearer(request.headers("Authorization"))) {
            return;
        }
        throw HttpException.crossOrigin(request.requestMethod(), shown(origin), shown(request.headers("Content-Type")));
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static boolean bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length());
    }

    private static String shown(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
    }

    /** OPTIONS on any path: a preflight answer with no body, allowing what the path accepts. */
    String preflight(Request request, Response response) {
        long segments = request.pathInfo().chars().filter(c -> c == '/').count();
        String methods = request.pathInfo().startsWith("/_rpc/")
                ? RPC_METHODS // a function takes QUERY, which a browser sends only once a preflight allows it
                : segments > 1 && !request.pathInfo().endsWith("/_query") ? ROW_METHODS : METHODS;
        response.header("Access-Control-Allow-Methods", methods);
        response.header("Access-Control-Allow-Headers", HEADERS);
        response.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
        response.header("Allow", methods);
        response.type(Envelope.JSON);
        response.status(204);
        return "";
    }
}
