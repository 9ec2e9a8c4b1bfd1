package tiddly.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import spark.Request;
import spark.Response;

/** {@code GET /_metrics}: every meter in the Prometheus text format, for the admin and metrics roles. */
final class MetricsRoute {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final Set<String> ROLES = Set.of("admin", "metrics");

    private final Metrics metrics;

    MetricsRoute(Metrics metrics) {
        this.metrics = metrics;
    }

    String handle(Request request, Response response) throws IOException {
        AdminGuard.check(request, Served.current(request), ROLES, "read the metrics");
        byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.type(CONTENT_TYPE);
        response.raw().setHeader("Cache-Control", "no-store");
        response.raw().setContentLength(text.length);
        response.raw().getOutputStream().write(text);
        return "";
    }
}
