package tiddly.html;

import java.util.Optional;

/** An error as a small HTML page: the status, the envelope's message and code, and the request's id. */
public final class ErrorPage {
    private ErrorPage() {}

    /** @param rawPath the request's path, as sent: the stylesheet's link is relative to it */
    public static String of(int status, String message, String code, Optional<String> requestId, String rawPath) {
        String root = Links.root(rawPath);
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + status + " " + Html.escape(code) + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + Html.escape(root + Html.STYLESHEET) + "\"></head>\n<body>\n"
                + "<h1>" + status + " <code>" + Html.escape(code) + "</code></h1>\n"
                + "<p class=\"error\">" + Html.escape(message) + "</p>\n"
                + requestId
                        .map(id -> "<p class=\"summary\">request id <code>" + Html.escape(id) + "</code></p>\n")
                        .orElse("")
                + "</body></html>\n";
    }
}
