package tiddly.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import spark.Request;
import spark.Response;
import tiddly.sql.SlowQueries;

/** {@code GET /_slow_queries}: the last slow statements, the most recent first, for the admin role. */
final class SlowQueriesRoute {
    private final SlowQueries slowQueries;

    SlowQueriesRoute(SlowQueries slowQueries) {
        this.slowQueries = slowQueries;
    }

    String handle(Request request, Response response) throws IOException {
        AdminGuard.check(request, Served.current(request), AdminGuard.ADMIN, "read the slow queries");
        List<Object> entries =
                slowQueries.recent().stream().map(SlowQueriesRoute::json).toList();
        response.raw().setHeader("Cache-Control", "no-store");
        return JsonBody.send(response, Envelope.success(entries));
    }

    private static Object json(SlowQueries.Entry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", entry.time().toString());
        json.put("request_id", entry.requestId().orElse(null));
        json.put("table", entry.table());
        json.put("sql", entry.sql());
        json.put("rows", entry.rows());
        json.put("duration_ms", entry.durationMs());
        json.put("verdict", entry.verdict().orElse(null));
        json.put("index", entry.index().orElse(null));
        return json;
    }
}
