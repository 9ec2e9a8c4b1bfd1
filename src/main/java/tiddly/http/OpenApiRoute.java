package tiddly.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import spark.Request;
import spark.Response;
import tiddly.auth.Identity;
import tiddly.openapi.OpenApiWriter;
import tiddly.openapi.Version;
import tiddly.permission.Permissions;

/**
 * {@code GET /_openapi}: the OpenAPI document of what the caller's role may do, 3.1 by default
 * and 3.2 with {@code ?version=3.2}. Written once per role and version for this snapshot of the
 * schema (a reload makes a new snapshot, so new documents), with an ETag of its content.
 */
final class OpenApiRoute {
    /** A written document and its ETag. */
    private record Document(String json, String etag) {}

    private final OpenApiWriter writer;
    private final Permissions permissions;
    private final Map<String, Document> documents = new ConcurrentHashMap<>();

    OpenApiRoute(OpenApiWriter writer, Permissions permissions) {
        this.writer = writer;
        this.permissions = permissions;
    }

    String handle(Request request, Response response) throws IOException {
        Version version = version(Optional.ofNullable(request.queryParams("version")));
        Identity identity = IdentityFilter.of(request);
        String role = permissions.effectiveRole(identity.role()); // as caches key: new role names cannot grow them
        boolean admin = permissions.open() || identity.role().equals(SchemaReloadRoute.ADMIN);
        String key = version + "/" + role + "/" + identity.anonymous() + "/" + admin;
        Document document = documents.computeIfAbsent(key, ignored -> {
            String json = Envelope.json(writer.write(version, role, identity.anonymous(), admin));
            return new Document(json, etag(json));
        });
        response.header("ETag", document.etag());
        response.header("Vary", "Authorization, X-API-Key"); // each caller's role has its own document
        if (identity.anonymous()) {
            response.header("Cache-Control", "no-cache"); // keep it, but ask again: a reload changes it
        }
        String ifNoneMatch = request.headers("If-None-Match");
        if (ifNoneMatch != null
                && (ifNoneMatch.contains(document.etag()) || ifNoneMatch.strip().equals("*"))) {
            response.type(Envelope.JSON);
            response.status(304);
            return "";
        }
        return JsonBody.send(response, document.json());
    }

    private static Version version(Optional<String> asked) {
        if (asked.isEmpty()) {
            return Version.V3_1;
        }
        return Version.of(asked.get())
                .orElseThrow(() -> HttpException.invalidParameter(
                        "'version' must be 3.1 or 3.2 (the OpenAPI version of the document), got '" + asked.get()
                                + "'"));
    }

    /** A hash of the document alone: it holds nothing secret, so equal documents share an ETag everywhere. */
    private static String etag(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
