package tiddly.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tiddly.permission.Verb;
import tiddly.schema.Column;

/**
 * A table's rows and write bodies as schemas: {@code t} (a whole row, as reads by key and writes
 * return it), {@code t.selected} (a row of a list, which select, embed and aggregates reshape),
 * {@code t.insert}, {@code t.update}, and the success envelopes around them.
 */
final class RowSchemas {
    private final Map<String, Object> schemas;
    /** Without rules, hidden columns (passwords) may be written: they appear in write bodies as writeOnly. */
    private final boolean writeHidden;

    RowSchemas(Map<String, Object> schemas, boolean writeHidden) {
        this.schemas = schemas;
        this.writeHidden = writeHidden;
    }

    void add(Grant grant, String name) {
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, Object> selected = new LinkedHashMap<>();
        for (Column column : grant.visible()) {
            Map<String, Object> property = ColumnSchemas.property(column, column.nullable());
            if (!grant.writable(column)) {
                property.put("readOnly", true);
            }
            properties.put(column.name(), property);
            boolean embeddable =
                    grant.links().stream().anyMatch(link -> link.name().equals(column.name()));
            selected.put(
                    column.name(),
                    embeddable // embedding the relation of the same name replaces the key with the row
                            ? Json.anyOf(property, Json.object("type", "object", "description", "the related row"))
                            : property);
        }
        Map<String, Object> row = Json.object("type", "object");
        grant.table().comment().ifPresent(comment -> row.put("description", comment));
        row.put("properties", properties);
        row.put("required", List.copyOf(properties.keySet()));
        schemas.put(name, row);
        schemas.put(
                name + ".selected",
                Json.object(
                        "type",
                        "object",
                        "description",
                        "A row of '" + grant.table().name() + "' in a list: the columns of select, or all;"
                                + " embedded relations and aggregates add more.",
                        "properties",
                        selected));
        if (grant.may(Verb.INSERT)) {
            schemas.put(name + ".insert", body(grant, true));
        }
        if (grant.may(Verb.UPDATE)) {
            schemas.put(name + ".update", body(grant, false));
        }
        envelopes(name);
    }

    /** An insert (required columns required) or update body (any columns, at least one). */
    private Map<String, Object> body(Grant grant, boolean insert) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Column column : grant.table().columns()) {
            if (!grant.writable(column) || (column.hidden() && !writeHidden)) {
                continue;
            }
            Map<String, Object> property = ColumnSchemas.property(column, column.nullable() || column.generated());
            if (column.hidden()) {
                property.put("writeOnly", true);
            }
            if (column.generated()) {
                property.put("description", "The database assigns it when none is given.");
            }
            properties.put(column.name(), property);
            if (insert && !column.optionalOnInsert()) {
                required.add(column.name());
            }
        }
        Map<String, Object> body = Json.object("type", "object", "properties", properties);
        if (!required.isEmpty()) {
            body.put("required", required);
        }
        if (!insert) {
            body.put("minProperties", 1);
        }
        body.put("additionalProperties", false);
        return body;
    }

    private void envelopes(String name) {
        schemas.put(name + ".one", Envelopes.success(Json.schema(name)));
        schemas.put(name + ".many", Envelopes.success(Json.arrayOf(Json.schema(name))));
        Map<String, Object> rows = Envelopes.success(Json.arrayOf(Json.schema(name + ".selected")));
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) rows.get("properties");
        members.put("count", Json.object("type", "integer", "description", "the number of matching rows, if asked"));
        members.put(
                "next",
                Json.object("type", "string", "description", "send back as cursor for the page after this one"));
        schemas.put(name + ".rows", rows);
    }
}
