package tiddly.http;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import spark.Request;
import spark.Response;
import tiddly.sql.Database;

/**
 * {@code GET /_health}: the process answers. {@code GET /_ready}: it should be sent requests, as
 * the database answered within {@link #READY_WITHIN} and the server is not stopping. For load
 * balancers and Kubernetes' probes; neither needs credentials or reveals more than that. With
 * {@code --db-replicas}, /_ready also lists the database hosts (host:port, roles, WAL positions,
 * lag, the driver's error) to those who may read the metrics: the network's layout is not public.
 */
final class HealthRoutes {
    static final Duration READY_WITHIN = Duration.ofSeconds(1);

    private final Database database;
    private final ShutdownHooks shutdown;

    HealthRoutes(Database database, ShutdownHooks shutdown) {
        this.database = database;
        this.shutdown = shutdown;
    }

    String health(Request request, Response response) throws IOException {
        response.raw().setHeader("Cache-Control", "no-store");
        return JsonBody.send(response, Envelope.success(Map.of("live", true)));
    }

    String ready(Request request, Response response) throws IOException {
        response.raw().setHeader("Cache-Control", "no-store");
        if (shutdown.begun()) {
            return notReady(request, response, "the server is shutting down");
        }
        if (!database.answers(READY_WITHIN)) {
            return notReady(request, response, "the database did not answer within " + READY_WITHIN.toMillis() + " ms");
        }
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("ready", true);
        List<Map<String, Object>> hosts = AdminGuard.allows(request, Served.current(request), MetricsRoute.ROLES)
                ? database.replicaReport() // with --db-replicas only
                : List.of();
        if (!hosts.isEmpty()) {
            ready.put("hosts", hosts); // a replica down or lagging does not make the instance unready
        }
        return JsonBody.send(response, Envelope.success(ready));
    }

    /** A 503 sent here rather than thrown: a probe's answer is not a failure to log. */
    private static String notReady(Request request, Response response, String why) throws IOException {
        response.status(503);
        response.header("Retry-After", "1");
        return JsonBody.send(response, Envelope.error(HttpException.notReady(why), RequestIds.of(request)));
    }
}
