package tiddly.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import spark.Request;
import spark.Response;

/**
 * {@code GET /_admin}: the console, a page of small ES modules that uses the public API with the
 * caller's credentials (docs/console.md), and {@code GET /_admin/<file>} for its files, all from
 * the jar. {@code GET /} from a browser leads there. A strict Content-Security-Policy keeps every
 * script, style and request on this server and forbids inline code and eval.
 */
final class ConsoleRoute {
    /** No inline script or style, no eval, no frames, no forms posted elsewhere: only this server's files. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String FOLDER = "/tiddly/console/";
    private static final String SCRIPT = "text/javascript;charset=utf-8";
    /** The files the page loads; nothing else under /_admin/ is served. */
    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("console.css", "text/css;charset=utf-8"),
            Map.entry("app.js", SCRIPT),
            Map.entry("api.js", SCRIPT),
            Map.entry("dom.js", SCRIPT),
            Map.entry("signin.js", SCRIPT),
            Map.entry("tables.js", SCRIPT),
            Map.entry("schema.js", SCRIPT),
            Map.entry("grid.js", SCRIPT),
            Map.entry("filter.js", SCRIPT),
            Map.entry("editor.js", SCRIPT),
            Map.entry("values.js", SCRIPT),
            Map.entry("copyas.js", SCRIPT),
            Map.entry("live.js", SCRIPT),
            Map.entry("icon.svg", "image/svg+xml"));

    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    /**
     * {@code GET /}: a browser (one that prefers HTML to JSON) is sent to the console with a
     * relative 303; every other client keeps the 404 {@code no_route} it always got.
     */
    String root(Request request, Response response) {
        if (!prefersHtml(request.headers("Accept"))) {
            throw HttpException.noRoute(request.requestMethod(), request.pathInfo());
        }
        response.status(303);
        // relative, so it stays right under a --base-path; from "/api" (no slash) it must say "api/_admin"
        Object bare = request.raw().getAttribute(BasePathHandler.BARE_PREFIX);
        response.header("Location", bare == null ? "_admin" : bare + "/_admin");
        response.header("Vary", "Accept");
        response.header("Cache-Control", "no-cache");
        return "";
    }

    String page(Request request, Response response) throws IOException {
        return send(response, "index.html", "text/html;charset=utf-8", "no-cache");
    }

    String file(Request request, Response response) throws IOException {
        String name = request.params(":file");
        String type = FILES.get(name);
        if (type == null) {
            throw HttpException.noRoute(request.requestMethod(), request.pathInfo());
        }
        return send(response, name, type, "no-cache"); // revalidated: a new jar's files are used at once
    }

    /**
     * Whether the Accept header names text/html with a higher weight than application/json. A
     * browser's navigation does; curl's {@code *}/{@code *} and API clients do not.
     */
    static boolean prefersHtml(String accept) {
        if (accept == null) {
            return false;
        }
        double html = -1;
        double json = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double weight = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    weight = weight(parameter.substring(2));
                }
            }
            if (type.equals("text/html")) {
                html = Math.max(html, weight);
            } else if (type.equals("application/json")) {
                json = Math.max(json, weight);
            }
        }
        return html > 0 && html > json;
    }

    private static double weight(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 0; // a weight that is not a number counts as "not acceptable"
        }
    }

    private String send(Response response, String name, String type, String cacheControl) throws IOException {
        byte[] bytes = loaded.computeIfAbsent(name, ConsoleRoute::load);
        response.type(type);
        response.header("Content-Security-Policy", POLICY);
        response.header("Referrer-Policy", "no-referrer");
        response.header("X-Frame-Options", "DENY");
        response.header("Cache-Control", cacheControl);
        response.raw().setContentLength(bytes.length);
        response.raw().getOutputStream().write(bytes);
        return "";
    }

    private static byte[] load(String name) {
        String path = FOLDER + name;
        try (InputStream in = ConsoleRoute.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
