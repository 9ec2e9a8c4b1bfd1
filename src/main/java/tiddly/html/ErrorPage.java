package tiddly.html;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/** An error as a small HTML page: the status, the envelope's message and code, and the request's id. */
public final class ErrorPage {
    private ErrorPage() {}

    /** @param rawPath the request's path, as sent: the stylesheet's link is relative to it */
    public static String of(int status, String message, String code, Optional<String> requestId, String rawPath) {
        StringWriter page = new StringWriter(512);
        try {
            Html.head(page, status + " " + code, Links.root(rawPath));
            page.write("<h1>" + status + " <code>" + Html.escape(code) + "</code></h1>\n" + "<p class=\"error\">"
                    + Html.escape(message) + "</p>\n");
            if (requestId.isPresent()) {
                page.write("<p class=\"summary\">request id <code>" + Html.escape(requestId.get()) + "</code></p>\n");
            }
            Html.foot(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return page.toString();
    }
}
