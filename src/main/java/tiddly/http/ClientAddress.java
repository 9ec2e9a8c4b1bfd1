package tiddly.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import spark.Request;

/**
 * The client address the sign-in limit counts a request under. Without --trust-proxy it is the
 * connection's peer, so everyone behind one proxy shares it. With --trust-proxy it is the address
 * that the trusted proxy saw: the entry of X-Forwarded-For (or of the for= of Forwarded, RFC 7239)
 * that --trusted-proxies places from the right, since a proxy appends what it saw and everything
 * left of that is the client's own writing. A client may also send the header its proxy does not
 * write; so when both headers come and name different clients, neither is believed.
 */
final class ClientAddress {
    private final boolean trustProxy;
    private final int trustedProxies;

    ClientAddress(boolean trustProxy, int trustedProxies) {
        this.trustProxy = trustProxy;
        this.trustedProxies = trustedProxies;
    }

    String of(Request request) {
        return of(request.raw());
    }

    String of(HttpServletRequest raw) {
        // The connection's peer: Spark's forwarded-header customizer is off (HttpServer), so Jetty
        // never replaces it with a header's value.
        String peer = raw.getRemoteAddr();
        String connection = IpLiteral.key(peer).orElse(peer);
        if (!trustProxy) {
            return connection;
        }
        Optional<List<String>> forwardedFor =
                values(raw, "X-Forwarded-For").map(value -> List.of(value.split(",", -1)));
        Optional<List<String>> forwarded = values(raw, "Forwarded").map(ForwardedHeader::forNodes);
        if (forwardedFor.isPresent() && forwarded.isPresent()) {
            Optional<String> one = seen(forwardedFor.get());
            return one.isPresent() && one.equals(seen(forwarded.get())) ? one.get() : connection;
        }
        return forwardedFor.or(() -> forwarded).flatMap(this::seen).orElse(connection);
    }

    /** The entry the nearest trusted proxy wrote: so many from the right, or the first if fewer. */
    private Optional<String> seen(List<String> nodes) {
        return IpLiteral.key(nodes.get(Math.max(0, nodes.size() - trustedProxies)));
    }

    /** Every line of the header joined into one list, in order (RFC 9110 5.3); empty when it is absent. */
    private static Optional<String> values(HttpServletRequest raw, String name) {
        List<String> lines = new ArrayList<>(Collections.list(raw.getHeaders(name)));
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join(",", lines));
    }
}
