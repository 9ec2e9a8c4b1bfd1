package tiddly.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import spark.Request;
import tiddly.auth.Identity;
import tiddly.auth.UnauthorizedException;

/**
 * Who may call the operator's routes ({@code /_metrics}, {@code /_backup}, {@code /_slow_queries}):
 * under rules, the given roles ({@code admin}; for metrics also {@code metrics}); with no rules,
 * only a caller on the server's own machine that came through no proxy, since such a server has
 * nobody to sign in as and a backup holds even the hidden columns.
 */
final class AdminGuard {
    static final Set<String> ADMIN = Set.of("admin");

    private AdminGuard() {}

    /** Whether {@link #check} would let the request through, for what only operators see of a public answer. */
    static boolean allows(Request request, Served served, Set<String> roles) {
        return served.permissions().open()
                ? local(request)
                : roles.contains(IdentityFilter.of(request).role());
    }

    /** @param what "read the metrics", for the message */
    static void check(Request request, Served served, Set<String> roles, String what) {
        if (served.permissions().open()) {
            if (!local(request)) {
                throw HttpException.localOnly(what);
            }
            return;
        }
        Identity identity = IdentityFilter.of(request);
        if (roles.contains(identity.role())) {
            return;
        }
        String allowed = String.join(" or ", roles.stream().sorted().toList());
        if (identity.anonymous()) {
            throw new UnauthorizedException(
                    "unauthenticated", "sign in as " + allowed + " to " + what, "Bearer realm=\"tiddly\"");
        }
        throw HttpException.operatorOnly(allowed, what);
    }

    /** The socket's peer is loopback, and no proxy header says the request came from elsewhere. */
    private static boolean local(Request request) {
        if (request.headers("X-Forwarded-For") != null || request.headers("Forwarded") != null) {
            return false;
        }
        try {
            return InetAddress.getByName(request.raw().getRemoteAddr()).isLoopbackAddress(); // an IP literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
