package tiddly.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tiddly.permission.Verb;
import tiddly.schema.Column;

/**
 * A table's paths: {@code /t} (list, insert, bulk update and delete; in 3.2 also QUERY and, in
 * additionalOperations, FETCH), {@code /t/_query} (QUERY as POST) and {@code /t/{key}} for tables
 * with a single-column key. Only the verbs the role may use.
 */
final class TablePaths {
    private final Api api;

    TablePaths(Api api) {
        this.api = api;
    }

    void add(Grant grant, Map<String, Object> paths) {
        Names.Of names = api.names().of(grant.table());
        String c = names.component();
        String op = names.operation();
        String tag = grant.table().name();
        Map<String, Object> table = new LinkedHashMap<>();
        if (grant.may(Verb.READ)) {
            table.put("get", Parameters.list(api, grant, c, op, tag));
        }
        if (grant.may(Verb.INSERT)) {
            table.put("post", insert(grant, c, op, tag));
        }
        if (grant.may(Verb.UPDATE)) {
            table.put("put", update(grant, c, op, tag));
        }
        if (grant.may(Verb.DELETE)) {
            table.put("delete", delete(c, op, tag));
        }
        if (grant.may(Verb.READ) && api.version() == Version.V3_2) {
            table.put("query", query(c, "query" + op, tag, "QUERY"));
            table.put("additionalOperations", Json.object("FETCH", query(c, "fetch" + op, tag, "FETCH")));
        }
        if (!table.isEmpty()) {
            paths.put(names.path(), table);
        }
        if (grant.may(Verb.READ)) {
            paths.put(names.path() + "/_query", Json.object("post", query(c, "postQuery" + op, tag, "POST …/_query")));
        }
        if (grant.table().singleKey().isPresent() && (grant.may(Verb.READ) || grant.writes())) {
            paths.put(names.path() + "/{" + keyName(grant.table().singleKey().get()) + "}", row(grant, c, op, tag));
        }
    }

    /** QUERY, FETCH or POST /t/_query: one read under three names. */
    private Map<String, Object> query(String c, String id, String tag, String verb) {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Parameters.rows(c, false));
        responses.putAll(api.errors(400, 401, 403, 413, 500, 503));
        return operation(
                id,
                tag,
                verb + ": the rows that match the body, a page at a time",
                "QUERY, FETCH and POST …/_query are one read under three names; the body is optional.",
                List.of(),
                Json.object(
                        "required",
                        false,
                        "content",
                        Json.object(
                                "application/json",
                                Json.object("schema", Json.schema(c + ".query"), "example", Json.object("limit", 10)))),
                responses);
    }

    private Map<String, Object> insert(Grant grant, String c, String op, String tag) {
        List<Object> parameters = new ArrayList<>();
        List<String> actions = grant.may(Verb.UPDATE) ? List.of("update", "ignore") : List.of("ignore");
        parameters.add(Json.object(
                "name",
                "on_conflict",
                "in",
                "query",
                "description",
                "upsert: update the existing row, or ignore the new one",
                "schema",
                Json.object("type", "string", "enum", actions)));
        parameters.add(Json.object(
                "name",
                "on_conflict_columns",
                "in",
                "query",
                "description",
                "the unique columns that conflict, comma-separated; the primary key by default",
                "schema",
                Json.object("type", "string")));
        Map<String, Object> row = Json.schema(c + ".insert");
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(
                "201",
                Json.object(
                        "description",
                        "the stored row, or rows",
                        "content",
                        Json.content(Json.anyOf(Json.schema(c + ".one"), Json.schema(c + ".many")))));
        responses.put(
                "200",
                Json.object(
                        "description",
                        "an upsert: the stored rows (with ignore, only those inserted; null for a skipped row)",
                        "content",
                        Json.content(Envelopes.success(Json.anyOf(
                                Json.schema(c), Json.arrayOf(Json.schema(c)), Json.object("type", "null"))))));
        responses.putAll(api.errors(400, 401, 403, 409, 413, 500, 503));
        return operation(
                "insert" + op,
                tag,
                "Insert a row, or an array of rows in one transaction",
                null,
                parameters,
                Json.object(
                        "required",
                        true,
                        "content",
                        Json.content(Json.anyOf(row, Json.object("type", "array", "minItems", 1, "items", row)))),
                responses);
    }

    private Map<String, Object> update(Grant grant, String c, String op, String tag) {
        Map<String, Object> bulk = Json.object(
                "type",
                "object",
                "description",
                "many rows: set these columns where the condition holds (or on all rows)",
                "properties",
                Json.object(
                        "where", Json.schema(c + ".where"),
                        "set", Json.schema(c + ".update"),
                        "all", Json.object("type", "boolean")),
                "required",
                List.of("set"),
                "additionalProperties",
                false);
        List<String> key = grant.table().primaryKey().stream().map(Column::name).toList();
        Object body = key.isEmpty()
                ? bulk
                : Json.anyOf(
                        Json.object(
                                "description",
                                "one row: its key and the columns to change",
                                "allOf",
                                List.of(Json.schema(c + ".update"), Json.object("required", key))),
                        bulk);
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(
                "200",
                Json.object(
                        "description",
                        "the updated row, or how many rows were updated",
                        "content",
                        Json.content(Json.anyOf(Json.schema(c + ".one"), Json.schema("Updated")))));
        responses.putAll(api.errors(400, 401, 403, 404, 409, 412, 413, 428, 500, 503));
        return operation(
                "update" + op,
                tag,
                "Update one row by the key in the body, or many rows by a where",
                null,
                List.of(ifMatch(true)),
                Json.object("required", true, "content", Json.content(body)),
                responses);
    }

    private Map<String, Object> delete(String c, String op, String tag) {
        Map<String, Object> body = Json.object(
                "type",
                "object",
                "properties",
                Json.object("where", Json.schema(c + ".where"), "all", Json.object("type", "boolean")),
                "additionalProperties",
                false);
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(
                "200",
                Json.object(
                        "description", "how many rows were deleted", "content", Json.content(Json.schema("Deleted"))));
        responses.putAll(api.errors(400, 401, 403, 409, 412, 413, 428, 500, 503));
        return operation(
                "delete" + op,
                tag,
                "Delete the rows a where matches, or all with \"all\": true",
                null,
                List.of(ifMatch(true)),
                Json.object("required", true, "content", Json.content(body)),
                responses);
    }

    /** {@code /t/{key}}: GET, PUT and DELETE of one row. */
    private Map<String, Object> row(Grant grant, String c, String op, String tag) {
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
                    operation(
                            "get" + op,
                            tag,
                            "One row by its key",
                            null,
                            List.of(Json.parameter("If-None-Match")),
                            null,
                            responses));
        }
        if (grant.may(Verb.UPDATE)) {
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", one(c, "the updated row"));
            responses.putAll(api.errors(400, 401, 403, 404, 409, 412, 413, 428, 500, 503));
            item.put(
                    "put",
                    operation(
                            "update" + op + "ByKey",
                            tag,
                            "Update the columns the body names",
                            null,
                            List.of(ifMatch(false)),
                            Json.object("required", true, "content", Json.content(Json.schema(c + ".update"))),
                            responses));
        }
        if (grant.may(Verb.DELETE)) {
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", one(c, "the deleted row"));
            responses.putAll(api.errors(400, 401, 403, 404, 409, 412, 428, 500, 503));
            item.put(
                    "delete",
                    operation(
                            "delete" + op + "ByKey",
                            tag,
                            "Delete one row by its key",
                            null,
                            List.of(ifMatch(false)),
                            null,
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

    /** If-Match; required when the server runs with --require-if-match. Bulk writes take only *. */
    private Map<String, Object> ifMatch(boolean bulk) {
        Map<String, Object> parameter = Json.object(
                "name",
                "If-Match",
                "in",
                "header",
                "required",
                api.requireIfMatch(),
                "description",
                bulk
                        ? "only * on a write of many rows"
                        : "the row's ETag: the write is made only if the row has not changed since (else 412)",
                "schema",
                Json.object("type", "string"));
        return parameter;
    }

    /** The path template's name for a key column: its own name when that is a plain word. */
    static String keyName(Column key) {
        return key.name().matches("[A-Za-z0-9_]+") ? key.name() : "key";
    }

    static Map<String, Object> operation(
            String id,
            String tag,
            String summary,
            String description,
            List<Object> parameters,
            Map<String, Object> body,
            Map<String, Object> responses) {
        Map<String, Object> operation = Json.object("tags", List.of(tag), "summary", summary);
        if (description != null) {
            operation.put("description", description);
        }
        operation.put("operationId", id);
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (body != null) {
            operation.put("requestBody", body);
        }
        operation.put("responses", responses);
        return operation;
    }
}
