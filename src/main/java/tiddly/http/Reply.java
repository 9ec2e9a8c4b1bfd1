package tiddly.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.query.Delete;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.Query;
import tiddly.query.Update;
import tiddly.schema.Table;
import tiddly.sql.Database;
import tiddly.sql.Result;

/**
 * A query's result shaped for the client: the HTTP status, the envelope's data and, for one row,
 * its ETag (taken out of the row, where the database stage put it).
 */
record Reply(int status, Object data, Optional<String> etag) {

    /**
     * @param blind a write by a role that may not read the table: of each row it wrote, the answer
     *     shows only the key, which the caller sent or the insert generated, and no ETag, which would
     *     tell it when the row changes
     */
    static Reply of(Query query, Result result, boolean blind) {
        if (query instanceof Fetch fetch) {
            return fetch.single() ? one(200, query, result, false) : new Reply(200, result.rows(), Optional.empty());
        }
        if (query instanceof Insert insert) {
            int status = insert.onConflict().isPresent() ? 200 : 201; // an upsert may not create anything
            if (insert.single()) {
                return result.rows().isEmpty()
                        ? new Reply(status, null, Optional.empty())
                        : one(status, query, result, blind);
            }
            return new Reply(status, shown(query.table(), result.rows(), blind), Optional.empty());
        }
        if (query instanceof Update update) {
            return update.single() ? one(200, query, result, blind) : count("updated", result);
        }
        Delete delete = (Delete) query;
        return delete.single() ? one(200, query, result, blind) : count("deleted", result);
    }

    private static Reply one(int status, Query query, Result result, boolean blind) {
        if (result.rows().isEmpty()) {
            throw HttpException.rowNotFound(query.table().name());
        }
        Map<String, Object> row = new LinkedHashMap<>(result.rows().get(0));
        Object etag = row.remove(Database.ETAG);
        return blind
                ? new Reply(status, key(query.table(), row), Optional.empty())
                : new Reply(status, row, Optional.ofNullable((String) etag));
    }

    /** Rows changed: counted by the database, or, when they came back to be checked, by hand. */
    private static Reply count(String name, Result result) {
        long count = result.rows().isEmpty() ? result.count() : result.rows().size();
        return new Reply(200, Map.of(name, count), Optional.empty());
    }

    /** The rows without their versions, or, for a blind write, their keys only. */
    private static List<Map<String, Object>> shown(Table table, List<Map<String, Object>> rows, boolean blind) {
        List<Map<String, Object>> plain = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> copy = blind ? key(table, row) : new LinkedHashMap<>(row);
            copy.remove(Database.ETAG);
            plain.add(copy);
        }
        return plain;
    }

    private static Map<String, Object> key(Table table, Map<String, Object> row) {
        Map<String, Object> key = new LinkedHashMap<>();
        table.primaryKey().forEach(column -> key.put(column.name(), row.get(column.name())));
        return key;
    }
}
