package tiddly.http;

import java.util.Map;
import tiddly.query.Delete;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.Query;
import tiddly.query.Update;
import tiddly.sql.Result;

/** A query's result shaped for the client: the HTTP status and the envelope's data. */
record Reply(int status, Object data) {

    static Reply of(Query query, Result result) {
        if (query instanceof Fetch fetch) {
            return fetch.single() ? new Reply(200, one(query, result)) : new Reply(200, result.rows());
        }
        if (query instanceof Insert insert) {
            return new Reply(201, insert.single() ? result.rows().get(0) : result.rows());
        }
        if (query instanceof Update) {
            return new Reply(200, one(query, result));
        }
        Delete delete = (Delete) query;
        return delete.single() ? new Reply(200, one(query, result)) : new Reply(200, Map.of("deleted", result.count()));
    }

    private static Object one(Query query, Result result) {
        if (result.rows().isEmpty()) {
            throw HttpException.rowNotFound(query.table().name());
        }
        return result.rows().get(0);
    }
}
