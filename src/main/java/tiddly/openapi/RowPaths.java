package tiddly.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.permission.Verb;
import tiddly.schema.Column;

/** {@code /t/{key}}: one row by its single-column key; only the verbs the role may use. */
final class RowPaths {
    private final Api api;

    RowPaths(Api api) {
        this.api = api;
    }

    /** {@code /t/{key}}: GET, PUT and DELETE of one row. */
    Map<String, Object> row(Grant grant, String c, String op, String tag) {
        Column key = grant.table().singleKey().orElseThrow();
        Map<String, Object> keyParameter = Json.object(
                "name",
                keyName(key),
                "in",
                "path",
                "required",
                true,
                "description",
                "the value of the key '" + key.name() + "'",
                "schema",
                ColumnSchemas.text(key));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("parameters", List.of(keyParameter));
        if (grant.may(Verb.READ)) {
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", one(c, "the row"));
            responses.put("304", Json.object("description", "not modified: If-None-Match names its ETag"));
            responses.putAll(api.errors(400, 401, 403, 404, 500, 503));
            item.put(
                    "get",
                    Operations.operation(
                            "get" + op,
                            tag,
                            "One row by its key",
                            Optional.empty(),
                            List.of(Json.parameter("If-None-Match")),
                            Optional.empty(),
                            responses));
        }
        if (grant.may(Verb.UPDATE)) {
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", one(c, "the updated row"));
            responses.putAll(api.errors(400, 401, 403, 404, 409, 412, 413, 428, 500, 503));
            item.put(
                    "put",
                    Operations.operation(
                            "update" + op + "ByKey",
                            tag,
                            "Update the columns the body names",
                            Optional.empty(),
                            List.of(Parameters.ifMatch(api.requireIfMatch(), false)),
                            Optional.of(
                                    Json.object("required", true, "content", Json.content(Json.schema(c + ".update")))),
                            responses));
        }
        if (grant.may(Verb.DELETE)) {
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", one(c, "the deleted row"));
            responses.putAll(api.errors(400, 401, 403, 404, 409, 412, 428, 500, 503));
            item.put(
                    "delete",
                    Operations.operation(
                            "delete" + op + "ByKey",
                            tag,
                            "Delete one row by its key",
                            Optional.empty(),
                            List.of(Parameters.ifMatch(api.requireIfMatch(), false)),
                            Optional.empty(),
                            responses));
        }
        return item;
    }

    private static Map<String, Object> one(String c, String description) {
        return Json.object(
                "description",
                description,
                "headers",
                Json.object("ETag", Json.header("ETag")),
                "content",
                Json.content(Json.schema(c + ".one")));
    }

    /** The path template's name for a key column: its own name when that is a plain word. */
    static String keyName(Column key) {
        return key.name().matches("[A-Za-z0-9_]+") ? key.name() : "key";
    }
}
