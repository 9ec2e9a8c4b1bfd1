package tiddly.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.util.Utf8Appendable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Route;
import spark.RouteImpl;
import spark.Service;
import spark.embeddedserver.EmbeddedServers;
import spark.embeddedserver.jetty.EmbeddedJettyFactory;
import spark.route.HttpMethod;
import tiddly.Settings;
import tiddly.StartupException;
import tiddly.TiddlyException;
import tiddly.auth.Authenticator;
import tiddly.permission.Permissions;
import tiddly.request.Cursors;
import tiddly.schema.Schema;
import tiddly.sql.Database;
import tiddly.sql.Reader;
import tiddly.sql.SqlWriter;

/** Wires Spark: filters, routes, and one mapping from exceptions to the error envelope. */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final int MAX_THREADS = 400;
    private static final int MIN_THREADS = 8;
    private static final int THREAD_IDLE_MILLIS = 60_000;

    private final Service service;

    private HttpServer(Service service) {
        this.service = service;
    }

    /** Starts listening; returns once the port is bound. */
    public static HttpServer start(
            Settings settings,
            Schema schema,
            Database database,
            String version,
            Authenticator authenticator,
            Permissions permissions) {
        Service service = Service.ignite();
        Object jetty = new Object(); // Spark keys server factories globally; each server gets its own
        EmbeddedServers.add(
                jetty,
                new EmbeddedJettyFactory(
                        new HardenedJetty(settings.idleTimeout().toMillis())));
        service.embeddedServerIdentifier(jetty);
        service.ipAddress(settings.host()).port(settings.port());
        service.threadPool(MAX_THREADS, MIN_THREADS, THREAD_IDLE_MILLIS);
        if (!settings.trustProxy()) {
            service.untrustForwardHeaders();
        }
        StartupException[] failure = new StartupException[1];
        service.initExceptionHandler(e -> failure[0] = new StartupException(
                "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e));

        Cors cors = new Cors(settings.corsOrigins());
        CatalogRoutes catalog = new CatalogRoutes(version, database.product(), permissions);
        Cursors cursors = new Cursors(settings.cursorSecret().getBytes(StandardCharsets.UTF_8));
        Pipeline pipeline = new Pipeline(
                new Parsers(permissions, settings.maxLimit(), settings.requireIfMatch(), cursors),
                permissions,
                authenticator.passwordHashing(),
                new SqlWriter(database.dialect()),
                new Reader(database.dialect()),
                cursors);
        TableRoute table = new TableRoute(pipeline, database, settings.maxBodyBytes());
        BatchRoute batch = new BatchRoute(pipeline, database, settings.maxBodyBytes());
        LoginRoute login = new LoginRoute(authenticator, settings.maxBodyBytes());
        IdentityFilter identities = new IdentityFilter(authenticator);

        service.before((request, response) -> {
            RequestIds.assign(request, response);
            cors.addHeaders(request, response); // first, so that a browser can read even this filter's errors
            response.header("X-Content-Type-Options", "nosniff");
            if (request.headers("X-HTTP-Method-Override") != null) {
                throw HttpException.methodOverride();
            }
            identities.identify(request, response);
        });
        service.options("*", cors::preflight);
        service.get("/_info", catalog::info);
        service.head("/_info", catalog::info);
        service.get("/_schema", catalog::schema);
        service.head("/_schema", catalog::schema);
        service.post("/_batch", batch::handle);
        service.post("/_login", login::handle);
        for (String path : new String[] {"/:table", "/:table/:key"}) {
            Route route = table::handle;
            service.get(path, route);
            service.head(path, route);
            service.post(path, route);
            service.put(path, route);
            service.delete(path, route);
            service.patch(path, route);
            service.trace(path, route);
            service.connect(path, route);
            service.addRoute(HttpMethod.unsupported, RouteImpl.create(path, route)); // FETCH, QUERY, any other verb
        }
        errors(service);
        service.init();
        service.awaitInitialization();
        if (failure[0] != null) {
            service.stop();
            throw failure[0];
        }
        return new HttpServer(service);
    }

    private static void errors(Service service) {
        service.exception(TiddlyException.class, (error, request, response) -> {
            if (error.status() >= 500) {
                LOG.error(
                        "{} {} failed [request {}]",
                        request.requestMethod(),
                        request.pathInfo(),
                        RequestIds.of(request).orElse("-"),
                        error);
            }
            if (!abortedMidBody(request, response, error)) {
                send(request, response, error);
            }
        });
        // Spark decodes the path before any route runs; an escape that is not UTF-8 fails there.
        service.exception(
                Utf8Appendable.NotUtf8Exception.class,
                (error, request, response) ->
                        send(request, response, HttpException.invalidUrl("a % escape in the path is not UTF-8")));
        service.exception(Exception.class, (error, request, response) -> {
            LOG.error(
                    "{} {} failed unexpectedly [request {}]",
                    request.requestMethod(),
                    request.pathInfo(),
                    RequestIds.of(request).orElse("-"),
                    error);
            if (!abortedMidBody(request, response, error)) {
                send(request, response, HttpException.internal());
            }
        });
        // Spark keeps these two pages globally, so they must not depend on this server's state.
        service.notFound((request, response) -> {
            response.type(Envelope.JSON);
            return Envelope.error(
                    HttpException.noRoute(request.requestMethod().toUpperCase(Locale.ROOT), request.pathInfo()),
                    RequestIds.of(request));
        });
        service.internalServerError((request, response) -> {
            response.type(Envelope.JSON);
            return Envelope.error(HttpException.internal(), RequestIds.of(request));
        });
    }

    /** The error envelope, with the status and headers the error asks for. */
    private static void send(spark.Request request, spark.Response response, TiddlyException error) {
        response.status(error.status());
        error.headers().forEach(response::header);
        response.type(Envelope.JSON);
        response.body(Envelope.error(error, RequestIds.of(request)));
    }

    /**
     * A streamed body that fails after its first bytes were sent cannot become an error envelope;
     * the connection is cut instead, so the client sees a broken body, never a short valid one.
     */
    private static boolean abortedMidBody(spark.Request request, spark.Response response, Exception error) {
        if (!response.raw().isCommitted()) {
            return false;
        }
        org.eclipse.jetty.server.Request.getBaseRequest(request.raw())
                .getHttpChannel()
                .abort(error);
        return true;
    }

    public int port() {
        return service.port();
    }

    @Override
    public void close() {
        service.stop();
        service.awaitStop();
    }
}
