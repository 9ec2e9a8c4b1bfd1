package tiddly.http;

import java.io.IOException;
import java.util.Map;
import java.util.function.IntSupplier;
import spark.Request;
import spark.Response;
import tiddly.auth.Identity;
import tiddly.auth.UnauthorizedException;

/**
 * {@code POST /_schema/reload}: reads the database's schema again, without a restart. Anyone may
 * when there are no rules (the server is open anyway); under rules, only the role {@code admin}.
 */
final class SchemaReloadRoute {
    static final String ADMIN = "admin";

    private final IntSupplier reloadSchema;

    SchemaReloadRoute(IntSupplier reloadSchema) {
        this.reloadSchema = reloadSchema;
    }

    String handle(Request request, Response response, Served served) throws IOException {
        Identity identity = IdentityFilter.of(request);
        if (!served.permissions().open() && !identity.role().equals(ADMIN)) {
            if (identity.anonymous()) {
                throw new UnauthorizedException(
                        "unauthenticated", "sign in as the admin role to reload the schema", "Bearer realm=\"tiddly\"");
            }
            throw HttpException.adminOnly();
        }
        int tables = reloadSchema.getAsInt();
        return JsonBody.send(response, Envelope.success(Map.of("tables", tables)));
    }
}
