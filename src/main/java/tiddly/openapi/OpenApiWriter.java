package tiddly.openapi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tiddly.auth.Identity;
import tiddly.auth.SignIn;
import tiddly.permission.Permissions;
import tiddly.permission.Verb;
import tiddly.rpc.Function;
import tiddly.schema.ForeignKey;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * The stage's entry point: a role → the OpenAPI document of what that role may do, as maps and
 * lists for the http stage to write. Pure, and cheap enough to run once per role and schema.
 */
public final class OpenApiWriter {
    private final Permissions permissions;
    private final SignIn signIn;
    private final long maxLimit;
    private final boolean requireIfMatch;
    private final String serverVersion;
    private final List<ErrorCodes.Code> codes = ErrorCodes.read();
    private final List<Function> functions;
    private final String basePath;

    public OpenApiWriter(
            Permissions permissions, SignIn signIn, long maxLimit, boolean requireIfMatch, String serverVersion) {
        this(permissions, signIn, maxLimit, requireIfMatch, serverVersion, List.of(), "");
    }

    /**
     * @param functions the functions of /_rpc; each appears to the roles that may execute it
     * @param basePath {@code --base-path} ("/api"), the document's one server; "" for none (the root)
     */
    public OpenApiWriter(
            Permissions permissions,
            SignIn signIn,
            long maxLimit,
            boolean requireIfMatch,
            String serverVersion,
            List<Function> functions,
            String basePath) {
        this.functions = List.copyOf(functions);
        this.basePath = basePath;
        this.permissions = permissions;
        this.signIn = signIn;
        this.maxLimit = maxLimit;
        this.requireIfMatch = requireIfMatch;
        this.serverVersion = serverVersion;
    }

    /**
     * @param role the caller's role: the document shows only what its rules allow
     * @param anonymous the caller sent no credentials
     * @param admin the caller may reload the schema
     */
    public Map<String, Object> write(Version version, String role, boolean anonymous, boolean admin) {
        List<Grant> grants = grants(role);
        Names names = new Names(grants.stream().map(Grant::table).toList());
        Api api =
                new Api(version, permissions.open(), anonymous, admin, signIn, maxLimit, requireIfMatch, grants, names);

        Map<String, Object> schemas = new LinkedHashMap<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        Map<String, Object> headers = new LinkedHashMap<>();
        Envelopes.add(schemas, codes);
        QuerySchemas.addShared(schemas);
        Parameters.addShared(parameters, headers);
        RowSchemas rows = new RowSchemas(schemas, permissions.open());
        QuerySchemas queries = new QuerySchemas(schemas, names, maxLimit);
        TablePaths tablePaths = new TablePaths(api);
        Map<String, Object> paths = new LinkedHashMap<>();
        List<Object> tags = new ArrayList<>();
        for (Grant grant : grants) {
            String component = names.of(grant.table()).component();
            rows.add(grant, component);
            queries.add(grant, component);
            tablePaths.add(grant, paths);
            Map<String, Object> tag = Json.object("name", grant.table().name());
            grant.table().comment().ifPresent(comment -> tag.put("description", comment));
            tags.add(tag);
        }
        ServicePaths service = new ServicePaths(api);
        service.add(paths, schemas);
        tags.add(Json.object("name", ServicePaths.TAG, "description", "Tiddly's own routes"));
        Identity caller = new Identity(role, Optional.empty(), Map.of());
        RpcPaths rpc = new RpcPaths(api);
        List<Function> callable = functions.stream()
                .filter(function -> permissions.mayExecute(caller, function.name(), function.readOnly()))
                .toList();
        callable.forEach(function -> rpc.add(function, paths));
        if (!callable.isEmpty()) {
            tags.add(Json.object("name", RpcPaths.TAG, "description", "Functions called by /_rpc/name"));
        }

        Map<String, Object> document = Json.object("openapi", version.number(), "info", info(role, api));
        if (!basePath.isEmpty()) { // paths are relative to the server's URL: "/" unless a base path moved them
            document.put("servers", List.of(Json.object("url", basePath)));
        }
        if (signIn.any()) {
            document.put(
                    "security",
                    anonymous || api.open() ? service.optionalSecurity() : SecuritySchemes.requirements(signIn));
        }
        document.put("tags", tags);
        document.put("paths", paths);
        Map<String, Object> components = Json.object(
                "schemas",
                schemas,
                "responses",
                ErrorCodes.responses(codes),
                "parameters",
                parameters,
                "headers",
                headers);
        if (signIn.any()) {
            components.put("securitySchemes", SecuritySchemes.schemes(signIn));
        }
        document.put("components", components);
        return document;
    }

    private Map<String, Object> info(String role, Api api) {
        String who = api.open()
                ? "No rules are configured, so every caller may use every table."
                : "As the role '" + role + "' sees it: only the tables, columns and verbs its rules allow.";
        return Json.object(
                "title",
                "Tiddly",
                "version",
                // As /_info: under rules, anonymous callers learn no exact version (security.md).
                api.open() || !role.equals(Identity.ANON)
                        ? serverVersion
                        : serverVersion.split("\\.")[0] + ".x",
                "description",
                "The JSON API of this database, generated from its live schema. " + who
                        + " Every response is an envelope; docs/API.md describes the query language.");
    }

    /** The tables the role may do anything with, and what; views and read-only tables are only read. */
    private List<Grant> grants(String role) {
        Schema schema = permissions.schema(role);
        Map<String, Set<Verb>> verbs = new HashMap<>();
        for (Table table : schema.tables()) {
            Set<Verb> allowed = EnumSet.noneOf(Verb.class);
            for (Verb verb : Verb.values()) {
                if (permissions.allows(role, table.name(), verb) && (verb == Verb.READ || table.writable())) {
                    allowed.add(verb);
                }
            }
            verbs.put(table.name(), allowed);
        }
        List<Grant> grants = new ArrayList<>();
        for (Table table : schema.tables()) {
            if (!verbs.get(table.name()).isEmpty()) {
                List<Grant.Link> links = links(schema, table).stream()
                        .filter(link -> verbs.get(link.other().name()).contains(Verb.READ))
                        .toList();
                grants.add(new Grant(table, verbs.get(table.name()), permissions.readOnly(role, table.name()), links));
            }
        }
        return grants;
    }

    /** Relations as the request stage finds them: single-column foreign keys, and only unambiguous names. */
    private static List<Grant.Link> links(Schema schema, Table table) {
        Map<String, List<Grant.Link>> byName = new LinkedHashMap<>();
        for (ForeignKey key : table.foreignKeys()) {
            schema.table(key.referencedTable())
                    .filter(other -> key.columns().size() == 1)
                    .ifPresent(other -> byName.computeIfAbsent(other.name(), name -> new ArrayList<>())
                            .add(new Grant.Link(other.name(), other, false)));
        }
        for (Table other : schema.tables()) {
            for (ForeignKey key : other.foreignKeys()) {
                if (key.referencedTable().equals(table.name()) && key.columns().size() == 1) {
                    byName.computeIfAbsent(other.name(), name -> new ArrayList<>())
                            .add(new Grant.Link(other.name(), other, true));
                }
            }
        }
        return byName.values().stream()
                .filter(found -> found.size() == 1)
                .map(found -> found.get(0))
                .toList();
    }
}
