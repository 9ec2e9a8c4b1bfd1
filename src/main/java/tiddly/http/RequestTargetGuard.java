package tiddly.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Answers, before Spark sees it, a request line that Jetty accepts but that names no path:
 * {@code CONNECT host:port}, the authority form that asks a proxy for a tunnel. Spark cannot
 * route it (it failed with a bare 500 and a logged NullPointerException), and Tiddly has nothing
 * to say to it but the 400 envelope. Absolute-form targets ({@code GET http://host/book}) carry
 * a path and pass; Jetty itself refuses the {@code *} target of any method but OPTIONS.
 */
final class RequestTargetGuard extends HandlerWrapper {
    private static final int SHOWN_CHARS = 100;

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String path = baseRequest.getHttpURI().getPath();
        if (path != null && (path.startsWith("/") || path.equals("*"))) {
            super.handle(target, baseRequest, request, response);
            return;
        }
        baseRequest.setHandled(true);
        String message = "bad request: the request target '" + shown(baseRequest) + "' is not a path;"
                + " Tiddly is not a proxy and opens no tunnels";
        byte[] body = Envelope.error("bad_request", message, Optional.empty()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(400);
        response.setHeader("Connection", "close"); // else Jetty keeps a CONNECT's connection open
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType(Envelope.JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String shown(Request request) {
        String text = request.getHttpURI().toString();
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
    }
}
