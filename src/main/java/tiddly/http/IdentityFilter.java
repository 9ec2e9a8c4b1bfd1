package tiddly.http;

import java.util.Optional;
import spark.Request;
import spark.Response;
import tiddly.auth.Authenticator;
import tiddly.auth.Identity;

/** A before-filter: who is calling, from the request's credentials, kept on the request for the routes. */
final class IdentityFilter {
    static final String ATTRIBUTE = "tiddly.identity";

    private final Authenticator authenticator;

    IdentityFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    void identify(Request request, Response response) {
        if (request.requestMethod().equals("OPTIONS")) {
            return; // CORS preflights carry no credentials
        }
        Identity identity = authenticator.identify(
                Optional.ofNullable(request.headers("Authorization")),
                Optional.ofNullable(request.headers("X-API-Key")),
                request.ip());
        request.attribute(ATTRIBUTE, identity);
        if (!identity.anonymous()) {
            response.header("Cache-Control", "private, no-cache"); // per caller: shared caches must not keep it
        }
    }

    /** The caller of a request the filter has seen. */
    static Identity of(Request request) {
        Identity identity = request.attribute(ATTRIBUTE);
        return identity != null ? identity : Identity.ANONYMOUS;
    }
}
