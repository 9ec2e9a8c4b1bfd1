package tiddly.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import spark.Request;
import spark.Response;
import tiddly.permission.Permissions;
import tiddly.rpc.Function;
import tiddly.rpc.Functions;
import tiddly.schema.Column;
import tiddly.schema.ForeignKey;
import tiddly.schema.Schema;

/**
 * {@code GET /_info} and {@code GET /_schema}: what this server is and what it serves. Under
 * rules each caller sees only what its role may read, and an anonymous caller no versions.
 */
final class CatalogRoutes {
    private final String version;
    private final String databaseProduct;
    private final Permissions permissions;
    /** Per role, written once: the schema does not change while the server runs. */
    private final Map<String, String> schemas = new ConcurrentHashMap<>();

    private final Functions functions;

    CatalogRoutes(String version, String databaseProduct, Permissions permissions, Functions functions) {
        this.version = version;
        this.databaseProduct = databaseProduct;
        this.permissions = permissions;
        this.functions = functions;
    }

    String info(Request request, Response response) throws IOException {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("name", "Tiddly");
        if (permissions.open() || !IdentityFilter.of(request).anonymous()) {
            about.put("version", version);
            about.put("database", databaseProduct);
        } else { // exact versions would tell a stranger which published flaws to try
            about.put("database", databaseProduct.split(" ", 2)[0]); // "SQLite 3.50.3": the product names have no space
        }
        about.put(
                "tables",
                permissions.readable(IdentityFilter.of(request).role()).tables().size());
        return JsonBody.send(response, Envelope.success(about));
    }

    /** The tables the caller's role may read; under rules, without the columns hidden from it. */
    String schema(Request request, Response response) throws IOException {
        String role = permissions.effectiveRole(IdentityFilter.of(request).role());
        return JsonBody.send(response, schemas.computeIfAbsent(role, name -> {
            List<Object> tables = tables(permissions.readable(name), permissions.open());
            List<Object> callable = functions(IdentityFilter.of(request));
            return callable.isEmpty()
                    ? Envelope.success(tables)
                    : Envelope.success(tables, "functions", callable); // beside data: its shape stays
        }));
    }

    /** The functions of /_rpc the caller's role may execute, with their arguments. */
    private List<Object> functions(tiddly.auth.Identity identity) {
        List<Object> listed = new ArrayList<>();
        for (Function function : functions.all()) {
            if (!permissions.mayExecute(identity, function.name(), function.readOnly())) {
                continue;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", function.name());
            json.put(
                    "arguments",
                    function.arguments().stream()
                            .map(argument -> Map.of(
                                    "name",
                                    argument.name(),
                                    "type",
                                    argument.type().name().toLowerCase(Locale.ROOT),
                                    "required",
                                    !argument.optional()))
                            .toList());
            json.put("returns", function.returns().label());
            json.put("read_only", function.readOnly());
            json.put("source", function.source());
            listed.add(json);
        }
        return listed;
    }

    /** The walk of {@link VisibleTable}, as the JSON of {@code /_schema}. */
    private static List<Object> tables(Schema schema, boolean showHidden) {
        List<Object> tables = new ArrayList<>();
        for (VisibleTable visible : VisibleTable.of(schema, showHidden)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", visible.table().name());
            json.put("view", visible.table().view());
            json.put(
                    "columns",
                    visible.columns().stream().map(CatalogRoutes::column).toList());
            json.put("primary_key", visible.primaryKey());
            json.put(
                    "foreign_keys",
                    visible.foreignKeys().stream()
                            .map(CatalogRoutes::foreignKey)
                            .toList());
            tables.add(json);
        }
        return tables;
    }

    private static Object column(Column column) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", column.name());
        json.put("type", column.declaredType());
        json.put("json_type", column.type().name().toLowerCase(Locale.ROOT));
        json.put("nullable", column.nullable());
        json.put("default", column.defaultValue().orElse(null));
        json.put("primary_key", column.primaryKey());
        json.put("generated", column.generated());
        json.put("hidden", column.hidden());
        return json;
    }

    private static Object foreignKey(ForeignKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("columns", key.columns());
        json.put("references", key.referencedTable());
        json.put("referenced_columns", key.referencedColumns());
        return json;
    }
}
