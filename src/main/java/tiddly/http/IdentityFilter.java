package tiddly.http;

import java.util.List;
import java.util.Optional;
import spark.Request;
import spark.Response;
import tiddly.auth.Authenticator;
import tiddly.auth.Identity;

/** A before-filter: who is calling, from the request's credentials, kept on the request for the routes. */
final class IdentityFilter {
    private static final String ATTRIBUTE = "tiddly.identity";

    private final Authenticator authenticator;

    IdentityFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    void identify(Request request, Response response) {
        if (request.requestMethod().equals("OPTIONS")) {
            return; // CORS preflights carry no credentials
        }
        Identity identity = authenticator.identify(
                authorization(request), Optional.ofNullable(request.headers("X-API-Key")), request.ip());
        request.attribute(ATTRIBUTE, identity);
        if (!identity.anonymous()) {
            response.header("Cache-Control", "private, no-cache"); // per caller: shared caches must not keep it
        }
    }

    /**
     * The Authorization header; for a stream without one, the {@code access_token} query parameter
     * as a bearer token, since a browser's EventSource cannot send headers. Nothing logs URLs'
     * query strings (errors log the path only), so the token reaches no log line.
     */
    private static Optional<String> authorization(Request request) {
        String header = request.headers("Authorization");
        if (header != null || !StreamRoute.wanted(request)) {
            return Optional.ofNullable(header);
        }
        List<String> tokens = UrlParts.query(request.raw().getQueryString()).getOrDefault("access_token", List.of());
        return tokens.isEmpty() ? Optional.empty() : Optional.of("Bearer " + tokens.get(0));
    }

    /** The caller of a request the filter has seen. */
    static Identity of(Request request) {
        Identity identity = request.attribute(ATTRIBUTE);
        return identity != null ? identity : Identity.ANONYMOUS;
    }
}
