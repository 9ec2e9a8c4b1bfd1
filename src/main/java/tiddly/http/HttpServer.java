package tiddly.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
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
import tiddly.feed.Feed;
import tiddly.hook.Hooks;
import tiddly.permission.Permissions;
import tiddly.request.Cursors;
import tiddly.rpc.NamedQuery;
import tiddly.sql.Database;

/** Wires Spark: filters, routes, and one mapping from exceptions to the error envelope. */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final int MAX_THREADS = 400;
    private static final int MIN_THREADS = 8;
    private static final int THREAD_IDLE_MILLIS = 60_000;

    private final Service service;
    private final Settings settings;
    private final Database database;
    private final String version;
    private final String product;
    private final Cursors cursors;
    private final AtomicReference<Served> served = new AtomicReference<>();
    private final Optional<Feed> feed;
    private final Hooks hooks;
    // Operations (docs/operations.md): stopping gracefully, what runs then, requests in flight.
    private final ShutdownHooks shutdown = new ShutdownHooks();
    private final Draining draining = new Draining();
    private final Metrics metrics;
    private final Optional<AccessLog> accessLog;

    private HttpServer(
            Service service, Settings settings, Database database, String version, Optional<Feed> feed, Hooks hooks) {
        this.service = service;
        this.hooks = hooks.budgeted(settings.statementTimeout());
        this.feed = feed;
        this.settings = settings;
        this.database = database;
        this.version = version;
        this.product = database.product();
        this.cursors = new Cursors(settings.cursorSecret().getBytes(StandardCharsets.UTF_8));
        this.metrics = new Metrics(database, draining::inFlight);
        this.accessLog = settings.operations()
                .accessLog()
                .map(target ->
                        AccessLog.open(target, new ClientAddress(settings.trustProxy(), settings.trustedProxies())));
        database.slowQueries().threshold(settings.operations().slowQuery());
    }

    /** Serves from now on what a new reading of the schema gives; requests under way finish on the old. */
    public void reload(Authenticator authenticator, Permissions permissions, List<NamedQuery> queries) {
        served.set(Served.of(
                settings, database, version, product, cursors, authenticator, permissions, feed, hooks, queries));
    }

    /**
     * Starts listening; returns once the port is bound.
     *
     * @param reloadSchema reads the schema again and {@link #reload}s; gives the number of tables
     * @param feed the change feed live queries listen to; empty when realtime is off
     * @param hooks the application's hooks and Java functions (docs/extending.md)
     * @param queries the config file's named queries, functions of /_rpc
     */
    public static HttpServer start(
            Settings settings,
            Database database,
            String version,
            Authenticator authenticator,
            Permissions permissions,
            IntSupplier reloadSchema,
            Optional<Feed> feed,
            Hooks hooks,
            List<NamedQuery> queries) {
        Service service = Service.ignite();
        HttpServer server = new HttpServer(service, settings, database, version, feed, hooks);
        server.reload(authenticator, permissions, queries);
        AtomicReference<Served> served = server.served;
        Object jetty = new Object(); // Spark keys server factories globally; each server gets its own
        EmbeddedServers.add(
                jetty,
                new EmbeddedJettyFactory(new HardenedJetty(
                        settings.idleTimeout().toMillis(),
                        settings.operations().shutdownGrace().toMillis(),
                        server.around(database))));
        service.embeddedServerIdentifier(jetty);
        service.ipAddress(settings.host()).port(settings.port());
        service.threadPool(MAX_THREADS, MIN_THREADS, THREAD_IDLE_MILLIS);
        // Jetty's ForwardedRequestCustomizer would take the leftmost X-Forwarded-For, which the
        // client writes; ClientAddress reads the headers itself, and only with --trust-proxy.
        service.untrustForwardHeaders();
        StartupException[] failure = new StartupException[1];
        service.initExceptionHandler(e -> failure[0] = new StartupException(
                "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e));

        Cors cors = new Cors(settings.corsOrigins());
        SchemaReloadRoute reload = new SchemaReloadRoute(reloadSchema);
        DocsRoute docs = new DocsRoute();
        ConsoleRoute console = new ConsoleRoute();

        service.before((request, response) -> {
            RequestIds.assign(request, response);
            database.slowQueries()
                    .request(request.raw().getAttribute(RequestIds.ATTRIBUTE).toString()); // for its log
            cors.addHeaders(request, response); // first, so that a browser can read even this filter's errors
            response.header("X-Content-Type-Options", "nosniff");
            PositionHeader.begin(request, response, database); // before anything reads or writes
            if (request.headers("X-HTTP-Method-Override") != null) {
                throw HttpException.methodOverride();
            }
            cors.refuseForgeable(request); // before the credentials are checked: a forged request costs no bcrypt
            Served current = Served.take(request, served.get()); // the whole request runs on this snapshot
            current.identities().identify(request, response);
        });
        service.afterAfter((request, response) -> PositionHeader.end(database));
        service.options("*", cors::preflight);
        operations(service, server, database);
        service.get(
                "/_info",
                (request, response) -> Served.current(request).catalog().info(request, response));
        service.head(
                "/_info",
                (request, response) -> Served.current(request).catalog().info(request, response));
        service.get(
                "/_schema",
                (request, response) -> Served.current(request).catalog().schema(request, response));
        service.head(
                "/_schema",
                (request, response) -> Served.current(request).catalog().schema(request, response));
        service.get(
                "/_openapi",
                (request, response) -> Served.current(request).openApi().handle(request, response));
        service.head(
                "/_openapi",
                (request, response) -> Served.current(request).openApi().handle(request, response));
        service.get("/_html/style.css", HtmlPages::stylesheet);
        service.head("/_html/style.css", HtmlPages::stylesheet);
        service.get(
                "/_client.js",
                (request, response) -> Served.current(request).client().script(request, response));
        service.head(
                "/_client.js",
                (request, response) -> Served.current(request).client().script(request, response));
        service.get(
                "/_client.d.ts",
                (request, response) -> Served.current(request).client().declarations(request, response));
        service.head(
                "/_client.d.ts",
                (request, response) -> Served.current(request).client().declarations(request, response));
        service.get("/_docs", docs::page);
        service.head("/_docs", docs::page);
        service.get("/_docs/:file", docs::file);
        service.head("/_docs/:file", docs::file);
        service.get("/", console::root);
        service.get("/_admin", console::page);
        service.head("/_admin", console::page);
        service.get("/_admin/:file", console::file);
        service.head("/_admin/:file", console::file);
        service.post(
                "/_schema/reload", (request, response) -> reload.handle(request, response, Served.current(request)));
        service.post(
                "/_batch",
                (request, response) -> Served.current(request).batch().handle(request, response));
        // every verb, so that PUT or DELETE is RpcRoute's 405 rather than /:table/:key's 404 for a table "_rpc"
        for (String method : new String[] {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT"}) {
            service.addRoute(
                    HttpMethod.get(method.toLowerCase(Locale.ROOT)),
                    RouteImpl.create(
                            "/_rpc/:name",
                            (request, response) -> Served.current(request).rpc().handle(request, response)));
        }
        service.addRoute(
                HttpMethod.unsupported,
                RouteImpl.create(
                        "/_rpc/:name",
                        (request, response) -> Served.current(request).rpc().handle(request, response)));
        service.post(
                "/_login",
                (request, response) -> Served.current(request).login().handle(request, response));
        for (String path : new String[] {"/:table", "/:table/:key"}) {
            Route route = (request, response) -> StreamRoute.wanted(request)
                    ? Served.current(request).stream().handle(request, response) // same URL, chosen by Accept
                    : Served.current(request).table().handle(request, response);
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
            server.metrics.close();
            server.accessLog.ifPresent(AccessLog::close);
            throw failure[0];
        }
        return server;
    }

    /**
     * The handlers around Spark's, outermost first: the base path (which every route, reserved
     * or added later, is served under by this one handler), {@link Draining} and {@link Observer}.
     */
    private List<org.eclipse.jetty.server.handler.HandlerWrapper> around(Database database) {
        List<org.eclipse.jetty.server.handler.HandlerWrapper> handlers = new java.util.ArrayList<>();
        if (!settings.basePath().isEmpty()) {
            handlers.add(new BasePathHandler(settings.basePath()));
        }
        handlers.add(new AcceptNothingHandler());
        handlers.add(draining);
        handlers.add(new Observer(metrics, accessLog.orElse(null), database.slowQueries()));
        return handlers;
    }

    /** The routes of running in production (docs/operations.md): health, readiness, metrics, backup, slow queries. */
    private static void operations(Service service, HttpServer server, Database database) {
        HealthRoutes health = new HealthRoutes(database, server.shutdown);
        service.get("/_health", health::health);
        service.head("/_health", health::health);
        service.get("/_ready", health::ready);
        service.head("/_ready", health::ready);
        service.get("/_metrics", new MetricsRoute(server.metrics)::handle);
        service.get("/_backup", new BackupRoute(database, server.backupFolder())::handle);
        service.get("/_slow_queries", new SlowQueriesRoute(database.slowQueries())::handle);
    }

    /** Where a backup is made before it is sent: the SQLite file's folder, else the temporary folder. */
    private Path backupFolder() {
        String db = settings.db();
        if (db.startsWith("jdbc:") && !db.startsWith("jdbc:sqlite:")) {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
        Path file = Path.of(db.startsWith("jdbc:sqlite:") ? db.substring("jdbc:sqlite:".length()) : db);
        Path folder = file.toAbsolutePath().getParent();
        return folder != null ? folder : Path.of(".");
    }

    private static void errors(Service service) {
        service.exception(TiddlyException.class, (error, request, response) -> {
            if (error.status() >= 500 && error.getCause() == null) {
                // a refusal by design (streams_full, backup_unsupported): one line, no stack trace to flood the log
                LOG.warn(
                        "{} {} answered {} {} [request {}]",
                        request.requestMethod(),
                        request.raw().getRequestURI(),
                        error.status(),
                        error.code(),
                        RequestIds.of(request).orElse("-"));
            } else if (error.status() >= 500) {
                LOG.error(
                        "{} {} failed [request {}]",
                        request.requestMethod(),
                        request.raw().getRequestURI(), // as sent: %-escaped, so no control character reaches the log
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
                    request.raw().getRequestURI(),
                    RequestIds.of(request).orElse("-"),
                    error);
            if (!abortedMidBody(request, response, error)) {
                send(request, response, HttpException.internal());
            }
        });
        // Spark keeps these two pages globally, so they must not depend on this server's state.
        service.notFound((request, response) -> {
            HttpException error =
                    HttpException.noRoute(request.requestMethod().toUpperCase(Locale.ROOT), request.pathInfo());
            if (reads(request)) {
                HtmlPages.varyOnAccept(response);
            }
            if (HtmlPages.wanted(request)) {
                HtmlPages.error(request, response, error, RequestIds.of(request));
                return response.body();
            }
            response.type(Envelope.JSON);
            return Envelope.error(error, RequestIds.of(request));
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
        if (reads(request)) {
            HtmlPages.varyOnAccept(response); // a read's error is JSON or a page, by Accept
        }
        if (HtmlPages.wanted(request)) {
            HtmlPages.error(request, response, error, RequestIds.of(request));
        } else {
            JsonBody.set(response, Envelope.error(error, RequestIds.of(request)));
        }
    }

    private static boolean reads(spark.Request request) {
        String method = request.requestMethod().toUpperCase(Locale.ROOT);
        return method.equals("GET") || method.equals("HEAD");
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

    /**
     * Runs {@code hook} when the server begins to stop, after {@code /_ready} turned 503 and before
     * the requests in flight are waited for: long-lived streams end themselves there. See
     * {@link ShutdownHooks}.
     */
    public ShutdownHooks.Registration onShutdown(Runnable hook) {
        return shutdown.add(hook);
    }

    /** The registry of /_metrics, for code that adds meters of its own (a change feed's streams). */
    public io.micrometer.core.instrument.MeterRegistry meters() {
        return metrics.registry();
    }

    /**
     * Stops gracefully: {@code /_ready} answers 503, the shutdown hooks run, the listener closes,
     * requests in flight get up to the grace period to finish (answered with {@code Connection:
     * close}), then the remaining connections are closed.
     */
    @Override
    public void close() {
        if (shutdown.begun()) {
            return;
        }
        shutdown.begin();
        int inFlight = draining.inFlight();
        if (inFlight > 0) {
            LOG.info(
                    "stopping: {} request(s) in flight get up to {} s to finish",
                    inFlight,
                    settings.operations().shutdownGrace().toSeconds());
        }
        service.stop();
        service.awaitStop();
        metrics.close();
        accessLog.ifPresent(AccessLog::close);
    }
}
