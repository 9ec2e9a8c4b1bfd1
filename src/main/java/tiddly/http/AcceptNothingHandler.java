package tiddly.http;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * An {@code Accept} header whose every range has {@code q=0} ({@code text/html;q=0}: "not HTML")
 * is dropped before Spark matches routes: Spark matches no route for it and answered 404
 * {@code no_route} on paths that exist. Without the header the answer is JSON, which such a
 * client did not refuse, or refused along with everything else (RFC 9110 §12.5.1 lets a server
 * ignore an Accept it cannot satisfy).
 */
final class AcceptNothingHandler extends HandlerWrapper {
    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String accept = base.getHeader(HttpHeader.ACCEPT.asString());
        if (accept != null && AcceptHeader.acceptsNothing(accept)) {
            base.getHttpFields().remove(HttpHeader.ACCEPT);
        }
        super.handle(target, base, request, response);
    }
}
