package tiddly.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.rpc.Argument;
import tiddly.rpc.Function;

/** {@code /_rpc/name}: one path per function the role may execute, its named arguments as the body. */
final class RpcPaths {
    static final String TAG = "rpc";

    private final Api api;

    RpcPaths(Api api) {
        this.api = api;
    }

    void add(Function function, Map<String, Object> paths) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Object> required = new ArrayList<>();
        List<Object> query = new ArrayList<>();
        for (Argument argument : function.arguments()) {
            Map<String, Object> schema = ColumnSchemas.value(argument.column());
            properties.put(argument.name(), schema);
            if (!argument.optional()) {
                required.add(argument.name());
            }
            query.add(Json.object(
                    "name", argument.name(), "in", "query", "required", !argument.optional(), "schema", schema));
        }
        Map<String, Object> body = Json.object("type", "object", "properties", properties);
        if (!required.isEmpty()) {
            body.put("required", required);
        }
        if (!function.source().equals("java")) { // a Java function reads whatever it is given
            body.put("additionalProperties", false);
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(
                "post",
                operation(
                        "rpc_" + function.name(),
                        function,
                        List.of(),
                        Optional.of(Json.object("required", false, "content", Json.content(body)))));
        if (function.readOnly()) {
            item.put("get", operation("rpc_get_" + function.name(), function, query, Optional.empty()));
        }
        paths.put("/_rpc/" + function.name(), item);
    }

    private Map<String, Object> operation(
            String id, Function function, List<Object> parameters, Optional<Map<String, Object>> body) {
        Object result = function.rows()
                ? Json.object("type", "array", "items", Json.object("type", "object"))
                : Json.object("description", "the function's value");
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(
                "200",
                Json.object(
                        "description", "the function's result", "content", Json.content(Envelopes.success(result))));
        responses.putAll(api.errors(400, 401, 403, 404, 413, 500, 503));
        String from = switch (function.source()) {
            case "postgres" -> "a PostgreSQL function";
            case "mariadb" -> function.rows() ? "a MariaDB procedure" : "a MariaDB function";
            case "query" -> "a named query of the server's configuration";
            default -> "a Java function of the application embedding Tiddly";
        };
        return Operations.operation(
                id,
                TAG,
                "Call " + function.name(),
                Optional.of("Runs " + from + (function.readOnly() ? " that changes nothing" : "")
                        + "; see docs/extending.md."),
                parameters,
                body,
                responses);
    }
}
