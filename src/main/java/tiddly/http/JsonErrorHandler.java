package tiddly.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/** Jetty's own errors (a bad request line, headers too large) as the JSON envelope, not HTML. */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Envelope.JSON);
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    /** Jetty's default answers only GET, POST and HEAD with a page; a DELETE or BREW got an empty 400. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        response.setContentType(Envelope.JSON);
        response.getWriter().write(body(response.getStatus(), null));
    }

    private static String body(int status, String reason) {
        String message = HttpStatus.getMessage(status).toLowerCase(Locale.ROOT);
        return Envelope.error(
                code(status), reason == null || reason.isBlank() ? message : message + ": " + reason, Optional.empty());
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "no_route";
            case 413 -> "body_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            default -> "http_" + status;
        };
    }
}
