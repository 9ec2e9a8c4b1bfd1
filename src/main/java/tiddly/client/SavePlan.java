package tiddly.client;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /_batch} that saves some rows: the given rows and every unsaved row they refer to,
 * each after the rows it refers to, as {@code POST} (new) or {@code PUT} with {@code If-Match}
 * (changed); clean rows are left out. A reference to a row of the same batch is
 * {@code {"$ref": "N.col"}} (docs/API.md, "Batches"). Pure: it sends nothing.
 */
final class SavePlan {
    private final List<Row> order = new ArrayList<>();
    private final Map<Row, Integer> index = new IdentityHashMap<>();
    private final Set<Row> visiting = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    SavePlan(List<Row> rows) {
        rows.forEach(this::visit);
    }

    private void visit(Row row) {
        if (index.containsKey(row) || !row.isDirty()) {
            return;
        }
        if (row.isDeleted()) {
            throw TiddlyClientException.local(
                    "row_deleted", "a row of '" + row.table() + "' was deleted; it cannot be saved");
        }
        if (!visiting.add(row)) {
            throw TiddlyClientException.local(
                    "reference_cycle",
                    "new rows refer to each other in a cycle through table '" + row.table()
                            + "'; save one of them first without its reference");
        }
        row.references().values().forEach(ref -> visit(ref.target()));
        visiting.remove(row);
        index.put(row, order.size());
        order.add(row);
    }

    /** The rows in the order of the batch's operations. */
    List<Row> rows() {
        return List.copyOf(order);
    }

    /** The batch body: one operation per row, in {@link #rows()} order. */
    JsonArray operations() {
        JsonArray operations = new JsonArray();
        for (Row row : order) {
            operations.add(operation(row));
        }
        return operations;
    }

    private JsonObject operation(Row row) {
        JsonObject operation = new JsonObject();
        operation.addProperty("table", row.table());
        JsonObject body = body(row);
        if (row.isNew()) {
            operation.addProperty("method", "POST");
        } else {
            operation.addProperty("method", "PUT");
            Map<String, Object> key = row.key();
            if (key.size() == 1) {
                operation.add("key", Json.tree(key.values().iterator().next()));
            } else {
                key.forEach((column, value) -> body.add(column, Json.tree(value)));
            }
            row.etag().ifPresent(etag -> operation.addProperty("if_match", etag));
        }
        operation.add("body", body);
        return operation;
    }

    /** The row's outgoing columns, with each reference as a {@code $ref} or, once saved, its value. */
    JsonObject body(Row row) {
        JsonObject body = new JsonObject();
        row.outgoing().forEach(body::add);
        row.references().forEach((column, ref) -> body.add(column, reference(ref)));
        return body;
    }

    private JsonElement reference(Row.Ref ref) {
        Integer target = index.get(ref.target());
        if (target != null) {
            JsonObject pointer = new JsonObject();
            pointer.addProperty("$ref", target + "." + ref.column());
            return pointer;
        }
        return Json.tree(ref.target().get(ref.column())); // saved before: its key is known
    }
}
