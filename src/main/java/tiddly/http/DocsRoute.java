package tiddly.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import spark.Request;
import spark.Response;

/**
 * {@code GET /_docs}: the API explorer, Swagger UI from its webjar over {@code /_openapi}, and
 * {@code GET /_docs/<file>} for its few files. Nothing is fetched from elsewhere, and a strict
 * Content-Security-Policy keeps it so: scripts, styles and requests go to this server only.
 */
final class DocsRoute {
    /**
     * Only this server's files; images may also be data: URIs (Swagger UI's icons). The one inline
     * style allowed, by its hash, is the {@code <style>} inside the logo of Swagger UI's top bar.
     */
    static final String POLICY = "default-src 'none'; script-src 'self';"
            + " style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String OURS = "/tiddly/docs/";
    private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/";
    /** The files the page loads: Swagger UI's, and ours. */
    private static final Map<String, String> FILES = Map.of(
            "explorer.js", "text/javascript;charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript;charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript;charset=utf-8",
            "swagger-ui.css", "text/css;charset=utf-8",
            "index.css", "text/css;charset=utf-8",
            "favicon-32x32.png", "image/png");

    private final String swaggerUi = swaggerUiVersion();
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    String page(Request request, Response response) throws IOException {
        return send(response, "index.html", "text/html;charset=utf-8", "no-cache");
    }

    String file(Request request, Response response) throws IOException {
        String name = request.params(":file");
        String type = FILES.get(name);
        if (type == null) {
            throw HttpException.noRoute(request.requestMethod(), request.pathInfo());
        }
        return send(response, name, type, "public, max-age=3600");
    }

    private String send(Response response, String name, String type, String cacheControl) throws IOException {
        byte[] bytes = loaded.computeIfAbsent(name, this::load);
        response.type(type);
        response.header("Content-Security-Policy", POLICY);
        response.header("Referrer-Policy", "no-referrer");
        response.header("Cache-Control", cacheControl);
        response.raw().setContentLength(bytes.length);
        response.raw().getOutputStream().write(bytes);
        return "";
    }

    private byte[] load(String name) {
        String path =
                name.equals("index.html") || name.equals("explorer.js") ? OURS + name : WEBJAR + swaggerUi + "/" + name;
        try (InputStream in = DocsRoute.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webjar's version names its folder; its pom.properties says which it is. */
    private static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in =
                DocsRoute.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(properties.getProperty("version"))
                .orElseThrow(() -> new IllegalStateException("Swagger UI's webjar is missing from the jar"));
    }
}
