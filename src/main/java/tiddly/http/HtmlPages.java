package tiddly.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import spark.Request;
import spark.Response;
import tiddly.TiddlyException;
import tiddly.html.ErrorPage;
import tiddly.html.Html;

/**
 * HTML by Accept: a {@code GET} (or {@code HEAD}) whose Accept header prefers {@code text/html}
 * to JSON gets the same answer rendered as a plain page (see {@link tiddly.html}); the query runs
 * exactly as for JSON. Its headers: a Content-Security-Policy that allows no script and only this
 * server's stylesheet, which {@code GET /_html/style.css} serves from the jar.
 */
final class HtmlPages {
    private static final byte[] STYLESHEET = load();

    private HtmlPages() {}

    /** Whether the request is a read that asks for a page. */
    static boolean wanted(Request request) {
        String method = request.requestMethod().toUpperCase(Locale.ROOT);
        return (method.equals("GET") || method.equals("HEAD")) && AcceptHeader.prefersHtml(request.headers("Accept"));
    }

    /** The type and headers of a page. */
    static void headers(Response response) {
        response.type(Html.CONTENT_TYPE);
        response.header("Content-Security-Policy", Html.POLICY);
        response.header("Referrer-Policy", "no-referrer");
        varyOnAccept(response);
    }

    /** Adds Accept to Vary, once: the same URL answers JSON, CSV or HTML. */
    static void varyOnAccept(Response response) {
        String vary = response.raw().getHeader("Vary");
        if (vary == null) {
            response.raw().setHeader("Vary", "Accept");
        } else if (!vary.toLowerCase(Locale.ROOT).contains("accept")) {
            response.raw().setHeader("Vary", vary + ", Accept");
        }
    }

    /** A whole page, sent with its Content-Length. */
    static String send(Response response, String page) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        headers(response);
        response.raw().setContentLength(bytes.length);
        response.raw().getOutputStream().write(bytes);
        return "";
    }

    /** An error as a page, for an exception handler, where Spark writes the body it is given. */
    static void error(Request request, Response response, TiddlyException error, Optional<String> requestId) {
        String page = ErrorPage.of(
                error.status(),
                error.getMessage(),
                error.code(),
                requestId,
                request.raw().getRequestURI());
        headers(response);
        response.raw().setContentLength(page.getBytes(StandardCharsets.UTF_8).length);
        response.body(page);
    }

    /** {@code GET /_html/style.css}: the pages' one stylesheet. */
    static String stylesheet(Request request, Response response) throws IOException {
        response.type("text/css;charset=utf-8");
        response.header("Cache-Control", "public, max-age=3600");
        response.raw().setContentLength(STYLESHEET.length);
        response.raw().getOutputStream().write(STYLESHEET);
        return "";
    }

    private static byte[] load() {
        try (InputStream in = HtmlPages.class.getResourceAsStream("/tiddly/html/style.css")) {
            if (in == null) {
                throw new IllegalStateException("/tiddly/html/style.css is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
