package tiddly.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * {@code --base-path}: the one place that mounts Tiddly under a prefix. Outermost of the handlers,
 * it takes the prefix off each request's path before anything else reads it, so that every route
 * Spark knows, reserved or added later, answers under the prefix without knowing of it; a path
 * outside the prefix is a 404 envelope. What the server writes holds relative links only.
 */
final class BasePathHandler extends HandlerWrapper {
    /**
     * Set, to the prefix's last segment, on a request for the prefix itself without its slash
     * ({@code /api}): a relative link written there resolves beside it, so it must start with it.
     */
    static final String BARE_PREFIX = "tiddly.bare-prefix";

    private final String prefix;

    /** @param prefix normalized: "/api", never empty, no trailing slash */
    BasePathHandler(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String path = base.getHttpURI().getPath();
        if (path == null || !(path.equals(prefix) || path.startsWith(prefix + "/"))) {
            refuse(
                    base,
                    response,
                    404,
                    Envelope.error(
                            HttpException.noRoute(
                                    request.getMethod().toUpperCase(Locale.ROOT),
                                    String.valueOf(path) + " (this server serves under " + prefix + ")"),
                            Optional.empty()));
            return;
        }
        String inside = path.length() == prefix.length() ? "/" : path.substring(prefix.length());
        if (path.length() == prefix.length()) {
            request.setAttribute(BARE_PREFIX, prefix.substring(prefix.lastIndexOf('/') + 1));
        }
        String query = base.getHttpURI().getQuery();
        try {
            base.setURIPathQuery(query == null ? inside : inside + "?" + query);
        } catch (IllegalArgumentException climbsOut) {
            // "/api/../_admin": inside the prefix as sent, above the root once its ".." is applied
            refuse(
                    base,
                    response,
                    400,
                    Envelope.error(
                            "bad_request",
                            "bad request: the path '" + path + "' climbs out of " + prefix + " with '..'",
                            Optional.empty()));
            return;
        }
        String decoded = base.getPathInfo();
        if (decoded != null && decoded.startsWith(prefix)) {
            base.setPathInfo(decoded.length() == prefix.length() ? "/" : decoded.substring(prefix.length()));
        }
        super.handle(inside, base, request, response);
    }

    private static void refuse(Request base, HttpServletResponse response, int status, String envelope)
            throws IOException {
        base.setHandled(true);
        response.setStatus(status);
        response.setContentType(Envelope.JSON);
        byte[] body = envelope.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
