package tiddly.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tiddly.schema.Column;

/**
 * The query language of docs/API.md as schemas, per table: {@code t.where} (columns, operators,
 * and/or/not, has across relations), {@code t.query} (the QUERY/FETCH body) and {@code t.embed}
 * (an embed's body), and the shared {@code Aggregate}.
 */
final class QuerySchemas {
    private static final Set<String> LOGICAL = Set.of("and", "or", "not");

    private final Map<String, Object> schemas;
    private final Names names;
    private final long maxLimit;

    QuerySchemas(Map<String, Object> schemas, Names names, long maxLimit) {
        this.schemas = schemas;
        this.names = names;
        this.maxLimit = maxLimit;
    }

    static void addShared(Map<String, Object> schemas) {
        Map<String, Object> functions = new LinkedHashMap<>();
        for (String function : List.of("count", "sum", "avg", "min", "max")) {
            functions.put(function, Json.object("type", "string", "description", "a column; count also takes *"));
        }
        functions.put(
                "as",
                Json.object("type", "string", "pattern", "^[A-Za-z_][A-Za-z0-9_]{0,62}$", "description", "alias"));
        schemas.put(
                "Aggregate",
                Json.object(
                        "type",
                        "object",
                        "description",
                        "One of count, sum, avg, min or max of a column, optionally named with as:"
                                + " {\"count\": \"*\"}, {\"avg\": \"price\", \"as\": \"avg_price\"}.",
                        "properties",
                        functions,
                        "minProperties",
                        1,
                        "maxProperties",
                        2,
                        "additionalProperties",
                        false));
    }

    void add(Grant grant, String name) {
        schemas.put(name + ".where", where(grant, name));
        schemas.put(name + ".query", body(grant, name, true));
        schemas.put(name + ".embed", body(grant, name, false));
    }

    private Map<String, Object> where(Grant grant, String name) {
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, Object> self = Json.schema(name + ".where");
        properties.put("and", Json.object("type", "array", "minItems", 1, "items", self, "description", "all hold"));
        properties.put("or", Json.object("type", "array", "minItems", 1, "items", self, "description", "one holds"));
        properties.put(
                "not", Json.object("$ref", "#/components/schemas/" + name + ".where", "description", "does not hold"));
        for (Column column : grant.visible()) {
            if (!LOGICAL.contains(column.name())) { // and, or, not are always the logical words
                properties.put(column.name(), condition(column));
            }
        }
        for (Grant.Link link : grant.links()) {
            if (grant.table().column(link.name()).isEmpty()) { // a column wins over a relation of its name
                properties.put(
                        link.name(),
                        Json.object(
                                "type",
                                "object",
                                "description",
                                "rows of '" + link.other().name() + "' related to this one match",
                                "properties",
                                Json.object(
                                        "has",
                                        Json.schema(names.of(link.other()).component() + ".where")),
                                "required",
                                List.of("has"),
                                "additionalProperties",
                                false));
            }
        }
        return Json.object(
                "type",
                "object",
                "description",
                "Which rows: the keys of one object all hold. {\"col\": v} is equality, {\"col\": null} IS NULL.",
                "properties",
                properties,
                "additionalProperties",
                false);
    }

    /** A column's condition: a value, null, or an object of operators. */
    private static Map<String, Object> condition(Column column) {
        Map<String, Object> value = ColumnSchemas.value(column);
        Map<String, Object> nullable = Json.anyOf(value, Json.object("type", "null"));
        Map<String, Object> operators = new LinkedHashMap<>();
        operators.put("eq", nullable);
        operators.put("ne", nullable);
        for (String operator : List.of("gt", "gte", "lt", "lte")) {
            operators.put(operator, value);
        }
        operators.put("in", Json.arrayOf(value));
        operators.put("nin", Json.arrayOf(value));
        Map<String, Object> pattern =
                Json.object("type", "string", "description", "% matches any run of characters, _ one character");
        operators.put("like", pattern);
        operators.put("ilike", pattern);
        operators.put("is", Json.object("enum", java.util.Arrays.asList(null, true, false)));
        return Json.object(
                "anyOf",
                List.of(
                        value,
                        Json.object("type", "null"),
                        Json.object(
                                "type",
                                "object",
                                "properties",
                                operators,
                                "minProperties",
                                1,
                                "additionalProperties",
                                false)));
    }

    /** The QUERY/FETCH body ({@code top}) or an embed's, which has no cursor, count, groups or etag. */
    private Map<String, Object> body(Grant grant, String name, boolean top) {
        List<String> columns = grant.visible().stream().map(Column::name).toList();
        Map<String, Object> column =
                columns.isEmpty() ? Json.object("type", "string") : Json.object("type", "string", "enum", columns);
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Object> items = new ArrayList<>(List.of(column));
        if (top) {
            items.add(Json.schema("Aggregate"));
        }
        properties.put(
                "select",
                Json.object(
                        "description",
                        "the columns to return, in order" + (top ? ", or aggregates" : ""),
                        "anyOf",
                        List.of(
                                Json.object(
                                        "type",
                                        "array",
                                        "items",
                                        items.size() == 1 ? column : Json.object("anyOf", items)),
                                Json.object("type", "string", "description", "comma-separated column names"))));
        properties.put("where", Json.schema(name + ".where"));
        properties.put("orderby", orderBy(columns));
        properties.put("limit", Json.object("type", "integer", "minimum", 0, "maximum", maxLimit));
        properties.put("offset", Json.object("type", "integer", "minimum", 0));
        if (top) {
            if (!grant.table().primaryKey().isEmpty()) {
                properties.put(
                        "cursor",
                        Json.object(
                                "type", "string", "description", "the next of the previous page, with the same query"));
            }
            properties.put("count", Json.object("type", "boolean", "description", "add the number of matching rows"));
            properties.put("distinct", Json.object("type", "boolean"));
            properties.put(
                    "groupby", Json.object("anyOf", List.of(Json.arrayOf(column), Json.object("type", "string"))));
            properties.put(
                    "having",
                    Json.object(
                            "type", "object", "description", "a where over the group columns and aggregate aliases"));
            if (!grant.table().primaryKey().isEmpty()) {
                properties.put(
                        "etag", Json.object("type", "boolean", "description", "each row carries its ETag as _etag"));
            }
        }
        if (!grant.links().isEmpty()) {
            properties.put("embed", embed(grant));
        }
        return Json.object(
                "type",
                "object",
                "description",
                top ? "The body of QUERY, FETCH and POST /" + grant.table().name() + "/_query." : "An embed's body.",
                "properties",
                properties,
                "additionalProperties",
                false);
    }

    private Map<String, Object> embed(Grant grant) {
        List<String> relations = grant.links().stream().map(Grant.Link::name).toList();
        Map<String, Object> bodies = new LinkedHashMap<>();
        for (Grant.Link link : grant.links()) {
            bodies.put(link.name(), Json.schema(names.of(link.other()).component() + ".embed"));
        }
        return Json.object(
                "description",
                "related rows to add, by relation (the related table's name)",
                "anyOf",
                List.of(
                        Json.arrayOf(Json.object("type", "string", "enum", relations)),
                        Json.object("type", "string", "description", "comma-separated relation names"),
                        Json.object("type", "object", "properties", bodies, "additionalProperties", false)));
    }

    /** "col", "col desc", "col asc nulls last": one term, or a list; the key always ends the order. */
    private static Map<String, Object> orderBy(List<String> columns) {
        StringBuilder names = new StringBuilder();
        for (String column : columns) {
            names.append(names.length() == 0 ? "" : "|")
                    .append(column.replaceAll("[\\\\^$.|?*+()\\[\\]{}/-]", "\\\\$0"));
        }
        Map<String, Object> term = Json.object(
                "type", "string", "pattern", "^\\s*(" + names + ")(\\s+(asc|desc))?(\\s+nulls\\s+(first|last))?\\s*$");
        return Json.object(
                "description",
                "a term is a column, then asc or desc, then nulls first or nulls last",
                "anyOf",
                List.of(Json.arrayOf(term), Json.object("type", "string", "description", "comma-separated terms")));
    }
}
