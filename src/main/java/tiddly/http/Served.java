package tiddly.http;

import tiddly.Settings;
import tiddly.auth.Authenticator;
import tiddly.permission.Permissions;
import tiddly.request.Cursors;
import tiddly.sql.Database;
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
        LoginRoute login,
        Permissions permissions) {

    static Served of(
            Settings settings,
            Database database,
            String version,
            String product,
            Cursors cursors,
            Authenticator authenticator,
            Permissions permissions) {
        Pipeline pipeline = new Pipeline(
                new Parsers(permissions, settings.maxLimit(), settings.requireIfMatch(), cursors),
                permissions,
                authenticator.passwordHashing(),
                new SqlWriter(database.dialect()),
                new Reader(database.dialect()),
                cursors);
        return new Served(
                new IdentityFilter(authenticator),
                new CatalogRoutes(version, product, permissions),
                new TableRoute(pipeline, database, settings.maxBodyBytes()),
                new BatchRoute(pipeline, database, settings.maxBodyBytes()),
                new LoginRoute(authenticator, settings.maxBodyBytes()),
                permissions);
    }
}
