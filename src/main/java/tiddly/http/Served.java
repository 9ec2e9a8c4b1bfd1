package tiddly.http;

import java.util.List;
import java.util.Optional;
import spark.Request;
import tiddly.Settings;
import tiddly.auth.Authenticator;
import tiddly.feed.Feed;
import tiddly.hook.Hooks;
import tiddly.openapi.OpenApiWriter;
import tiddly.permission.Permissions;
import tiddly.request.Cursors;
import tiddly.rpc.Functions;
import tiddly.rpc.NamedQuery;
import tiddly.sql.Database;
import tiddly.sql.IdempotentTransactions;
import tiddly.sql.Reader;
import tiddly.sql.SqlWriter;

/**
 * Everything the routes derive from one reading of the schema, replaced whole when the schema is
 * reloaded; a request takes the snapshot current when it starts and finishes on it.
 */
record Served(
        IdentityFilter identities,
        CatalogRoutes catalog,
        TableRoute table,
        BatchRoute batch,
        StreamRoute stream,
        LoginRoute login,
        OpenApiRoute openApi,
        ClientRoutes client,
        RpcRoute rpc,
        Permissions permissions) {
    private static final String ATTRIBUTE = "tiddly.served";

    /** Keeps {@code snapshot} on the request, so that its filter and its route use the same one. */
    static Served take(Request request, Served snapshot) {
        request.attribute(ATTRIBUTE, snapshot);
        return snapshot;
    }

    /** The snapshot the request took when it started. */
    static Served current(Request request) {
        return request.attribute(ATTRIBUTE);
    }

    static Served of(
            Settings settings,
            Database database,
            String version,
            String product,
            Cursors cursors,
            Authenticator authenticator,
            Permissions permissions,
            Optional<Feed> feed,
            Hooks hooks,
            List<NamedQuery> queries) {
        List<tiddly.rpc.Function> reflected = switch (database.engine()) {
            case POSTGRES -> database.inspect(connection -> Functions.reflect(connection, settings.dbSchema()));
            case MARIADB -> database.inspect(Functions::reflectMariadb);
            default -> List.of();
        };
        Functions functions = Functions.of(hooks, reflected, settings.dbSchema(), queries, database.dialect());
        Pipeline pipeline = new Pipeline(
                new Parsers(permissions, settings.maxLimit(), settings.requireIfMatch(), cursors),
                permissions,
                authenticator.passwordHashing(),
                authenticator::committed,
                new SqlWriter(database.dialect()),
                new Reader(database.dialect()),
                cursors,
                hooks,
                database.sql());
        ClientAddress address = new ClientAddress(settings.trustProxy(), settings.trustedProxies());
        IdempotentTransactions once = new IdempotentTransactions(database);
        TableRoute table = new TableRoute(pipeline, database, once, settings.maxBodyBytes());
        return new Served(
                new IdentityFilter(authenticator, address),
                new CatalogRoutes(version, product, permissions, functions),
                table,
                new BatchRoute(pipeline, database, once, settings.maxBodyBytes()),
                new StreamRoute(pipeline, feed, table, database, authenticator, address),
                new LoginRoute(authenticator, address, settings.maxBodyBytes()),
                new OpenApiRoute(
                        new OpenApiWriter(
                                permissions,
                                authenticator.signIn(),
                                settings.maxLimit(),
                                settings.requireIfMatch(),
                                version,
                                functions.all(),
                                settings.basePath()),
                        permissions),
                new ClientRoutes(permissions),
                new RpcRoute(functions, permissions, database, settings.maxBodyBytes(), settings.hiddenColumns(), once),
                permissions);
    }
}
