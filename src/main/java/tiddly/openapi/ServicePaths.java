package tiddly.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tiddly.permission.Verb;

/** Tiddly's own routes: {@code /_batch}, {@code /_login}, {@code /_info}, {@code /_schema} and its reload. */
final class ServicePaths {
    static final String TAG = "tiddly";
    private static final int MAX_OPERATIONS = 1000;

    private final Api api;

    ServicePaths(Api api) {
        this.api = api;
    }

    void add(Map<String, Object> paths, Map<String, Object> schemas) {
        if (!api.grants().isEmpty()) {
            batch(paths, schemas);
        }
        api.signIn().login().ifPresent(identity -> login(identity, paths));
        paths.put(
                "/_info",
                Json.object(
                        "get",
                        catalog(
                                "info",
                                "The server's name, version, database and table count",
                                Json.object(
                                        "type",
                                        "object",
                                        "properties",
                                        Json.object(
                                                "name", Json.object("type", "string"),
                                                "version", Json.object("type", "string"),
                                                "database", Json.object("type", "string"),
                                                "tables", Json.object("type", "integer"))))));
        paths.put(
                "/_schema",
                Json.object(
                        "get",
                        catalog(
                                "schema",
                                "The tables the caller may read: columns, keys, foreign keys",
                                Json.object("type", "array", "items", Json.object("type", "object")))));
        if (api.admin()) {
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put(
                    "200",
                    Json.object(
                            "description",
                            "how many tables are served now",
                            "content",
                            Json.content(Envelopes.success(Json.object(
                                    "type",
                                    "object",
                                    "properties",
                                    Json.object("tables", Json.object("type", "integer")))))));
            responses.putAll(api.errors(401, 403, 409, 500, 503));
            paths.put(
                    "/_schema/reload",
                    Json.object(
                            "post",
                            Operations.operation(
                                    "reloadSchema",
                                    TAG,
                                    "Read the database's schema again, without a restart",
                                    Optional.empty(),
                                    List.of(),
                                    Optional.empty(),
                                    responses)));
        }
    }

    private Map<String, Object> catalog(String name, String summary, Map<String, Object> data) {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Json.object("description", summary, "content", Json.content(Envelopes.success(data))));
        responses.putAll(api.errors(401, 500));
        Map<String, Object> operation =
                Operations.operation(name, TAG, summary, Optional.empty(), List.of(), Optional.empty(), responses);
        if (api.signIn().any()) {
            operation.put("security", optionalSecurity()); // anyone may call it; the answer depends on the caller
        }
        return operation;
    }

    /** Every configured scheme, or none. */
    List<Object> optionalSecurity() {
        List<Object> security = new ArrayList<>(SecuritySchemes.requirements(api.signIn()));
        security.add(Json.object());
        return security;
    }

    private void batch(Map<String, Object> paths, Map<String, Object> schemas) {
        TreeSet<String> methods = new TreeSet<>();
        List<String> tables = new ArrayList<>();
        for (Grant grant : api.grants()) {
            tables.add(grant.table().name());
            if (grant.may(Verb.READ)) {
                methods.addAll(List.of("GET", "QUERY", "FETCH"));
            }
            if (grant.may(Verb.INSERT)) {
                methods.add("POST");
            }
            if (grant.may(Verb.UPDATE)) {
                methods.add("PUT");
            }
            if (grant.may(Verb.DELETE)) {
                methods.add("DELETE");
            }
        }
        Map<String, Object> scalar = Json.object("type", List.of("string", "number"));
        schemas.put(
                "BatchOperation",
                Json.object(
                        "type",
                        "object",
                        "description",
                        "One request as it would be sent alone. In its body, {\"$ref\": \"N.col\"} is the column"
                                + " col of the row operation N produced.",
                        "properties",
                        Json.object(
                                "method", Json.object("type", "string", "enum", List.copyOf(methods)),
                                "table", Json.object("type", "string", "enum", tables),
                                "key",
                                        Json.object(
                                                "type",
                                                List.of("string", "number"),
                                                "description",
                                                "for GET, PUT and DELETE of one row"),
                                "body", Json.object("description", "the request's JSON body"),
                                "params",
                                        Json.object(
                                                "type",
                                                "object",
                                                "additionalProperties",
                                                scalar,
                                                "description",
                                                "query parameters"),
                                "if_match", Json.object("type", "string")),
                        "required",
                        List.of("method", "table"),
                        "additionalProperties",
                        false));
        Map<String, Object> result = Json.object(
                "type", "object",
                "properties",
                        Json.object(
                                "status", Json.object("type", "integer"),
                                "data", Json.object(),
                                "etag", Json.object("type", "string"),
                                "count", Json.object("type", "integer"),
                                "next", Json.object("type", "string")),
                "required", List.of("status", "data"));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(
                "200",
                Json.object(
                        "description",
                        "each operation's result, in order",
                        "content",
                        Json.content(Envelopes.success(Json.arrayOf(result)))));
        responses.putAll(api.errors(400, 401, 403, 404, 409, 412, 413, 428, 500, 503));
        paths.put(
                "/_batch",
                Json.object(
                        "post",
                        Operations.operation(
                                "batch",
                                TAG,
                                "Many operations in one transaction: all or none",
                                Optional.of(
                                        "The error of a failed operation names it: its message starts with \"operation N failed\" and data is {\"index\": N}."),
                                List.of(),
                                Optional.of(Json.object(
                                        "required",
                                        true,
                                        "content",
                                        Json.content(Json.object(
                                                "type",
                                                "array",
                                                "minItems",
                                                1,
                                                "maxItems",
                                                MAX_OPERATIONS,
                                                "items",
                                                Json.schema("BatchOperation"))))),
                                responses)));
    }

    private void login(String identity, Map<String, Object> paths) {
        Map<String, Object> body = Json.object(
                "type",
                "object",
                "properties",
                Json.object(
                        identity,
                        Json.object("type", "string"),
                        "password",
                        Json.object("type", "string", "format", "password")),
                "required",
                List.of(identity, "password"),
                "additionalProperties",
                false);
        Map<String, Object> token = Json.object(
                "type", "object",
                "properties",
                        Json.object(
                                "token",
                                        Json.object(
                                                "type",
                                                "string",
                                                "description",
                                                "send as Authorization: Bearer <token>"),
                                "expires_at", Json.object("type", "string", "format", "date-time")),
                "required", List.of("token", "expires_at"));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Json.object("description", "a token", "content", Json.content(Envelopes.success(token))));
        responses.putAll(api.errors(400, 401, 413, 429, 500, 503));
        Map<String, Object> operation = Operations.operation(
                "login",
                TAG,
                "Sign in: a bearer token for a user's " + identity + " and password",
                Optional.empty(),
                List.of(),
                Optional.of(Json.object("required", true, "content", Json.content(body))),
                responses);
        operation.put("security", List.of());
        paths.put("/_login", Json.object("post", operation));
    }
}
