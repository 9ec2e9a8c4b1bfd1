package tiddly.http;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import spark.Request;
import spark.Response;
import tiddly.auth.Authenticator;
import tiddly.auth.Identity;

/** A before-filter: who is calling, from the request's credentials, kept on the request for the routes. */
final class IdentityFilter {
    static final String ATTRIBUTE = "tiddly.identity";

    private final Authenticator authenticator;
    private final ClientAddress address;

    IdentityFilter(Authenticator authenticator, ClientAddress address) {
        this.authenticator = authenticator;
        this.address = address;
    }

    void identify(Request request, Response response) {
        if (request.requestMethod().equals("OPTIONS")) {
            return; // CORS preflights carry no credentials
        }
        Identity identity =
                authenticator.identify(authorizations(request), headers(request, "X-API-Key"), address.of(request));
        request.attribute(ATTRIBUTE, identity);
        if (!identity.anonymous()) {
            response.header("Cache-Control", "private, no-cache"); // per caller: shared caches must not keep it
        }
    }

    /** Every value of a header: a credential sent twice must be seen twice. */
    private static List<String> headers(Request request, String name) {
        Enumeration<String> values = request.raw().getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    /**
     * The Authorization headers; for a stream without one, the {@code access_token} query
     * parameters as bearer tokens, since a browser's EventSource cannot send headers. Nothing logs
     * URLs' query strings (errors log the path only), so the token reaches no log line.
     */
    private static List<String> authorizations(Request request) {
        List<String> headers = headers(request, "Authorization");
        if (!headers.isEmpty() || !StreamRoute.wanted(request)) {
            return headers;
        }
        return UrlParts.query(request.raw().getQueryString()).getOrDefault("access_token", List.of()).stream()
                .map(token -> "Bearer " + token)
                .toList();
    }

    /** The caller of a request the filter has seen. */
    static Identity of(Request request) {
        Identity identity = request.attribute(ATTRIBUTE);
        return identity != null ? identity : Identity.ANONYMOUS;
    }
}
