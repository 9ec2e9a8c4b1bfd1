package tiddly.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @SuppressWarnings("unchecked") // the get operation put just above
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
            Streams.add((Map<String, Object>) table.get("get"), c);
            Map<String, Object> query = query(c, "query" + op, tag, "QUERY");
            Streams.add(query, c);
            table.put("query", query);
            table.put("additionalOperations", Json.object("FETCH", query(c, "fetch" + op, tag, "FETCH")));
        }
        if (!table.isEmpty()) {
            paths.put(names.path(), table);
        }
        if (grant.may(Verb.READ)) {
            paths.put(names.path() + "/_query", Json.object("post", query(c, "postQuery" + op, tag, "POST …/_query")));
        }
        if (grant.table().singleKey().isPresent() && (grant.may(Verb.READ) || grant.writes())) {
            paths.put(
                    names.path() + "/{"
                            + RowPaths.keyName(grant.table().singleKey().get()) + "}",
                    new RowPaths(api).row(grant, c, op, tag));
        }
    }

    /** QUERY, FETCH or POST /t/_query: one read under three names. */
    private Map<String, Object> query(String c, String id, String tag, String verb) {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Parameters.rows(c, false));
        responses.putAll(api.errors(400, 401, 403, 413, 500, 503));
        return Operations.operation(
                id,
                tag,
                verb + ": the rows that match the body, a page at a time",
                Optional.of("QUERY, FETCH and POST …/_query are one read under three names; the body is optional."),
                List.of(),
                Optional.of(Json.object(
                        "required",
                        false,
                        "content",
                        Json.object(
                                "application/json",
                                Json.object(
                                        "schema", Json.schema(c + ".query"), "example", Json.object("limit", 10))))),
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
        return Operations.operation(
                "insert" + op,
                tag,
                "Insert a row, or an array of rows in one transaction",
                Optional.empty(),
                parameters,
                Optional.of(Json.object(
                        "required",
                        true,
                        "content",
                        Json.content(Json.anyOf(row, Json.object("type", "array", "minItems", 1, "items", row))))),
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
        return Operations.operation(
                "update" + op,
                tag,
                "Update one row by the key in the body, or many rows by a where",
                Optional.empty(),
                List.of(Parameters.ifMatch(api.requireIfMatch(), true)),
                Optional.of(Json.object("required", true, "content", Json.content(body))),
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
        return Operations.operation(
                "delete" + op,
                tag,
                "Delete the rows a where matches, or all with \"all\": true",
                Optional.empty(),
                List.of(Parameters.ifMatch(api.requireIfMatch(), true)),
                Optional.of(Json.object("required", true, "content", Json.content(body))),
                responses);
    }
}
