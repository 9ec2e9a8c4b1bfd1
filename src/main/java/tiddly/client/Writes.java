package tiddly.client;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writes: one row saved or deleted with {@code If-Match}, or several rows saved in one
 * {@code /_batch}, all or nothing. A 412 becomes a {@link ConflictException} with the current row.
 */
final class Writes {
    private final TiddlyClient client;
    private final Transport transport;

    Writes(TiddlyClient client, Transport transport) {
        this.client = client;
        this.transport = transport;
    }

    /** Saves one row; through a batch when it refers to unsaved rows. */
    void save(Row row) {
        SavePlan plan = new SavePlan(List.of(row));
        if (plan.rows().size() > 1) {
            batch(plan);
            return;
        }
        if (plan.rows().isEmpty()) {
            return; // nothing changed: no request
        }
        TableSchema table = row.schema();
        JsonObject body = plan.body(row);
        Call call;
        if (row.isNew()) {
            call = Call.write("POST", "/" + Reads.segment(table.name()), body);
        } else {
            Map<String, Object> key = row.key();
            if (key.size() == 1) {
                call = Call.write(
                        "PUT", Reads.path(table, key.values().iterator().next()), body);
            } else {
                key.forEach((column, value) -> body.add(column, Json.tree(value)));
                call = Call.write("PUT", "/" + Reads.segment(table.name()), body);
            }
            call = withIfMatch(call, row);
        }
        Reply reply = send(call, row);
        row.absorb(reply.data().getAsJsonObject(), reply.etag());
    }

    /** Deletes one row: by key with {@code If-Match}, or for a composite key by a where on it. */
    void delete(Row row) {
        if (row.isNew()) {
            throw TiddlyClientException.local("row_not_saved", "a new row of '" + row.table() + "' cannot be deleted");
        }
        Map<String, Object> key = row.key();
        if (key.size() == 1) {
            send(
                    withIfMatch(
                            Call.write(
                                    "DELETE",
                                    Reads.path(
                                            row.schema(),
                                            key.values().iterator().next()),
                                    null),
                            row),
                    row);
        } else {
            JsonObject body = new JsonObject();
            body.add("where", Json.tree(key));
            send(Call.write("DELETE", "/" + Reads.segment(row.table()), body), row);
        }
    }

    /** Saves {@code rows} and the unsaved rows they refer to in one batch. */
    void save(List<Row> rows) {
        SavePlan plan = new SavePlan(rows);
        if (!plan.rows().isEmpty()) {
            batch(plan);
        }
    }

    private void batch(SavePlan plan) {
        List<Row> rows = plan.rows();
        Reply reply;
        try {
            reply = transport.send(Call.write("POST", "/_batch", plan.operations()));
        } catch (TiddlyClientException e) {
            int failed = failedIndex(e);
            throw failed >= 0 && failed < rows.size() ? conflict(e, rows.get(failed)) : e;
        }
        JsonArray results = reply.data().getAsJsonArray();
        for (int i = 0; i < rows.size(); i++) {
            JsonObject result = results.get(i).getAsJsonObject();
            JsonElement etag = result.get("etag");
            rows.get(i)
                    .absorb(
                            result.getAsJsonObject("data"),
                            etag == null || etag.isJsonNull() ? Optional.empty() : Optional.of(etag.getAsString()));
        }
    }

    private static int failedIndex(TiddlyClientException e) {
        JsonElement data = e.data();
        if (data.isJsonObject() && data.getAsJsonObject().has("index")) {
            return data.getAsJsonObject().get("index").getAsInt();
        }
        return -1;
    }

    private static Call withIfMatch(Call call, Row row) {
        return row.etag().map(etag -> call.withHeader("If-Match", etag)).orElse(call);
    }

    private Reply send(Call call, Row row) {
        try {
            return transport.send(call);
        } catch (TiddlyClientException e) {
            throw conflict(e, row);
        }
    }

    /**
     * A 412 as a {@link ConflictException} holding the current row: the envelope's, or (a batch's
     * 412 carries only the failed index) the row read again by key. Other errors pass unchanged.
     */
    private TiddlyClientException conflict(TiddlyClientException e, Row row) {
        if (!e.code().equals("etag_mismatch")) {
            return e;
        }
        Row current = null;
        if (e.data().isJsonObject() && !e.data().getAsJsonObject().has("index")) {
            current = Row.read(client, row.schema(), e.data().getAsJsonObject(), e.etag());
        } else if (row.key().size() == 1) {
            try {
                current = client.reads()
                        .get(row.schema(), row.key().values().iterator().next());
            } catch (TiddlyClientException unreadable) {
                current = null; // deleted meanwhile, or a role that may not read it
            }
        }
        return new ConflictException(e, current);
    }
}
