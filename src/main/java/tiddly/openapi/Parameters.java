package tiddly.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tiddly.schema.Column;

/**
 * {@code GET /t}: every key of the QUERY body as a query parameter (JSON ones as JSON), and one
 * equality filter per column; {@code col[op]=value} applies another operator.
 */
final class Parameters {
    /** The QUERY body's keys: a column named like one of them cannot be a filter parameter. */
    private static final Set<String> KEYS = Set.of(
            "select",
            "where",
            "orderby",
            "limit",
            "offset",
            "cursor",
            "count",
            "distinct",
            "embed",
            "groupby",
            "having",
            "etag");

    private Parameters() {}

    static Map<String, Object> list(Api api, Grant grant, String c, String op, String tag) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(text("select", "the columns to return, comma-separated, or a JSON array (aggregates too)"));
        parameters.add(json("where", Optional.of(c + ".where"), "a where as JSON, ANDed with the column filters"));
        parameters.add(text("orderby", "terms, comma-separated: column, then asc or desc, then nulls first or last"));
        parameters.add(number("limit", "rows per page, at most " + api.maxLimit(), api.maxLimit()));
        parameters.add(Json.object(
                "name",
                "offset",
                "in",
                "query",
                "description",
                "rows to skip",
                "schema",
                Json.object("type", "integer", "minimum", 0)));
        if (!grant.table().primaryKey().isEmpty()) {
            parameters.add(text("cursor", "the next of the previous page"));
        }
        parameters.add(flag("count", "add the number of matching rows"));
        parameters.add(flag("distinct", "drop repeated rows"));
        if (!grant.links().isEmpty()) {
            parameters.add(text("embed", "related rows to add: relation names, comma-separated, or a JSON object"));
        }
        parameters.add(text("groupby", "group columns, comma-separated"));
        parameters.add(json("having", Optional.empty(), "a where over groups, as JSON"));
        if (!grant.table().primaryKey().isEmpty()) {
            parameters.add(flag("etag", "each row carries its ETag as _etag"));
        }
        for (Column column : grant.visible()) {
            if (!KEYS.contains(column.name())) {
                parameters.add(Json.object(
                        "name",
                        column.name(),
                        "in",
                        "query",
                        "description",
                        "rows whose " + column.name() + " equals this; " + column.name()
                                + "[op]=value applies another operator (ne, gt, gte, lt, lte, in and nin with"
                                + " comma-separated values, like, ilike, is)",
                        "schema",
                        ColumnSchemas.text(column)));
            }
        }
        parameters.add(Json.parameter("If-None-Match"));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", rows(c, true));
        responses.put("304", Json.object("description", "not modified: If-None-Match names the list's ETag"));
        responses.putAll(api.errors(400, 401, 403, 500, 503));
        return Operations.operation(
                "list" + op,
                tag,
                "The rows that match the query parameters, a page at a time",
                Optional.of("Every key of the QUERY body is also a parameter. Send Accept: text/csv for CSV."),
                parameters,
                Optional.empty(),
                responses);
    }

    /** A list of rows, in JSON or CSV; a GET list of up to 64 KiB also has an ETag. */
    static Map<String, Object> rows(String c, boolean etag) {
        Map<String, Object> headers = new LinkedHashMap<>();
        if (etag) {
            headers.put("ETag", Json.header("ETag"));
        }
        headers.put("X-Total-Count", Json.header("X-Total-Count"));
        Map<String, Object> content = Json.content(Json.schema(c + ".rows"));
        content.put("text/csv", Json.object("schema", Json.object("type", "string")));
        return Json.object("description", "the rows; next when more match", "headers", headers, "content", content);
    }

    private static Map<String, Object> text(String name, String description) {
        return Json.object(
                "name", name, "in", "query", "description", description, "schema", Json.object("type", "string"));
    }

    private static Map<String, Object> flag(String name, String description) {
        return Json.object(
                "name", name, "in", "query", "description", description, "schema", Json.object("type", "boolean"));
    }

    private static Map<String, Object> number(String name, String description, long maximum) {
        Map<String, Object> schema = Json.object("type", "integer", "minimum", 0, "maximum", maximum);
        return Json.object("name", name, "in", "query", "description", description, "schema", schema);
    }

    /**
     * A parameter whose value is JSON text: a string whose content is JSON of {@code component}
     * (JSON Schema's contentMediaType and contentSchema), so an explorer leaves it empty by default.
     */
    private static Map<String, Object> json(String name, Optional<String> component, String description) {
        Map<String, Object> schema = Json.object("type", "string", "contentMediaType", "application/json");
        component.ifPresent(found -> schema.put("contentSchema", Json.schema(found)));
        return Json.object("name", name, "in", "query", "description", description, "schema", schema);
    }

    /** If-Match; required when the server runs with --require-if-match. Bulk writes take only *. */
    static Map<String, Object> ifMatch(boolean required, boolean bulk) {
        Map<String, Object> parameter = Json.object(
                "name",
                "If-Match",
                "in",
                "header",
                "required",
                required,
                "description",
                bulk
                        ? "only * on a write of many rows"
                        : "the row's ETag: the write is made only if the row has not changed since (else 412)",
                "schema",
                Json.object("type", "string"));
        return parameter;
    }

    /** The shared parameters and headers. */
    static void addShared(Map<String, Object> parameters, Map<String, Object> headers) {
        parameters.put(
                "If-None-Match",
                Json.object(
                        "name",
                        "If-None-Match",
                        "in",
                        "header",
                        "description",
                        "ETags the client holds: a 304 without a body when one is current",
                        "schema",
                        Json.object("type", "string")));
        headers.put(
                "ETag",
                Json.object("description", "the version of the row or list", "schema", Json.object("type", "string")));
        headers.put(
                "X-Total-Count",
                Json.object(
                        "description",
                        "with count: the number of matching rows",
                        "schema",
                        Json.object("type", "integer")));
        headers.put(
                "X-Request-Id",
                Json.object(
                        "description",
                        "the request's id, which the server's log names",
                        "schema",
                        Json.object("type", "string")));
    }
}
