package tiddly.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import spark.Request;
import spark.Response;
import tiddly.auth.Identity;
import tiddly.permission.Permissions;

/**
 * {@code GET /_client.js}: the JavaScript client (clients/js/tiddly.js, which the build copies
 * into the jar), and {@code GET /_client.d.ts}: its TypeScript declarations with the tables the
 * caller's role may read. Both carry an ETag of their content and answer 304 to it.
 */
final class ClientRoutes {
    /** A file to send and its ETag. */
    private record Asset(byte[] bytes, String etag) {
        static Asset of(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return new Asset(bytes, ClientRoutes.etag(bytes));
        }
    }

    static final String SCRIPT_TYPE = "application/javascript;charset=utf-8";
    static final String DECLARATIONS_TYPE = "application/typescript;charset=utf-8";

    private final Permissions permissions;
    private final Asset script = Asset.of(resource("/tiddly/client/tiddly.js"));
    private final String template = resource("/tiddly/client/tiddly.d.ts");
    /** Per role, written once for this snapshot of the schema (a reload makes new ones). */
    private final Map<String, Asset> declarations = new ConcurrentHashMap<>();

    ClientRoutes(Permissions permissions) {
        this.permissions = permissions;
    }

    String script(Request request, Response response) throws IOException {
        // the same file for everyone: any cache may keep it, and asks again (ETag) so an upgrade shows at once
        return send(request, response, script, SCRIPT_TYPE, "public, no-cache");
    }

    String declarations(Request request, Response response) throws IOException {
        Identity identity = IdentityFilter.of(request);
        String role = permissions.effectiveRole(identity.role()); // as caches key: new role names cannot grow them
        Asset asset = declarations.computeIfAbsent(
                role,
                name -> Asset.of(TypeDeclarations.write(
                        template, VisibleTable.of(permissions.readable(name), permissions.open()), name)));
        response.header("Vary", "Authorization, X-API-Key"); // each role has its own tables
        return send(
                request, response, asset, DECLARATIONS_TYPE, identity.anonymous() ? "no-cache" : "private, no-cache");
    }

    private static String send(Request request, Response response, Asset asset, String type, String cacheControl)
            throws IOException {
        response.type(type);
        response.raw().setHeader("Cache-Control", cacheControl);
        response.header("ETag", asset.etag());
        String ifNoneMatch = request.headers("If-None-Match");
        if (ifNoneMatch != null
                && (ifNoneMatch.contains(asset.etag()) || ifNoneMatch.strip().equals("*"))) {
            response.status(304);
            return "";
        }
        response.raw().setContentLength(asset.bytes().length);
        if (!request.requestMethod().equals("HEAD")) {
            response.raw().getOutputStream().write(asset.bytes());
        }
        return "";
    }

    private static String resource(String path) {
        try (InputStream in = ClientRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
