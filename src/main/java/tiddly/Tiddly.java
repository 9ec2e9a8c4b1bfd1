package tiddly;

import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.auth.Authenticator;
import tiddly.feed.Feed;
import tiddly.hook.Hooks;
import tiddly.http.HttpServer;
import tiddly.http.ShutdownHooks;
import tiddly.schema.Schema;
import tiddly.schema.SchemaReader;
import tiddly.sql.Database;
import tiddly.sql.Engine;
import tiddly.sql.SampleDatabase;
import tiddly.sql.SchemaWatch;
import tiddly.sql.ServerOptions;
import tiddly.sql.Versions;

/**
 * A running Tiddly server: Settings → Database → Schema → HttpServer. Embed it with
 * {@code try (Tiddly tiddly = Tiddly.start(Settings.defaults().withPort(0))) { … tiddly.port() … }}.
 */
public final class Tiddly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tiddly.class);

    private final Settings settings;
    private final Database database;
    private final Hooks hooks;
    private HttpServer server;
    private Authenticator authenticator;
    private SchemaWatch watch;
    private Optional<Feed> feed = Optional.empty();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Tiddly(Settings settings, Database database, Hooks hooks) {
        this.settings = settings;
        this.database = database;
        this.hooks = hooks;
    }

    /** Opens the database, reads its schema and starts serving it; throws {@link StartupException}. */
    public static Tiddly start(Settings settings) {
        return start(settings, Hooks.NONE);
    }

    /**
     * The same, with the application's hooks around every operation and its Java functions under
     * {@code /_rpc} (docs/extending.md): {@code Tiddly.start(settings, Hooks.builder().before(…).build())}.
     */
    public static Tiddly start(Settings settings, Hooks hooks) {
        Database database = open(settings);
        Tiddly tiddly = new Tiddly(settings, database, hooks);
        try {
            tiddly.serve();
            return tiddly;
        } catch (RuntimeException e) {
            tiddly.close();
            throw e;
        }
    }

    private synchronized void serve() {
        if (settings.realtime().on()) {
            database.recordChanges(); // before the schema is read: the outbox is created if missing
            feed = Optional.of(Feed.start(database, settings.realtime(), settings.idleTimeout()));
        }
        Reading reading = read();
        if (settings.realtime().triggers()) {
            if (!settings.realtime().on()) {
                throw new StartupException("--realtime-triggers needs --realtime on: with it off there is no outbox");
            }
            database.installTriggers(reading.schema());
        }
        authenticator = reading.security().authenticator();
        server = HttpServer.start(
                settings,
                database,
                version(),
                reading.security().authenticator(),
                reading.security().permissions(),
                this::reloadSchema,
                feed,
                hooks,
                reading.security().queries());
        // Streams end first when stopping, so clients reconnect elsewhere and the grace period is not spent on them.
        feed.ifPresent(running -> server.onShutdown(running::close));
        feed.ifPresent(running -> {
            Gauge.builder("tiddly.realtime.streams", running, Feed::subscribers)
                    .description("live-query streams open now")
                    .register(server.meters());
            Gauge.builder("tiddly.realtime.lag", running, Feed::lag) // read at each scrape, not per request
                    .description("changes committed that streams have not been sent yet")
                    .register(server.meters());
        });
        watch = database.watchSchema(this::reloadQuietly);
        LOG.info("security: {}", reading.security().mode());
        LOG.info(StartupLog.limits(settings));
        LOG.info(
                "Tiddly {} serves {} ({}, {} tables) at http://{}:{}",
                version(),
                Database.withoutPassword(settings.db()),
                database.product(),
                reading.schema().tables().size(),
                settings.host(),
                server.port());
    }

    /** One reading of the schema and what the configuration makes of it. */
    private record Reading(Schema schema, Security security) {}

    private Reading read() {
        Schema schema = database.readSchema(new SchemaReader(settings.hiddenColumns()));
        return new Reading(schema, Security.of(settings, schema, database));
    }

    /**
     * Reads the schema again and serves it from the next request on; requests under way finish on
     * the old one. If the configuration no longer fits the schema, the old one stays.
     *
     * @return the number of tables now served
     */
    synchronized int reloadSchema() {
        Reading reading;
        try {
            reading = read();
        } catch (StartupException e) {
            throw new ReloadException(e.getMessage(), e);
        }
        Authenticator next = reading.security().authenticator();
        next.continueFrom(authenticator);
        authenticator = next;
        server.reload(next, reading.security().permissions(), reading.security().queries());
        LOG.info("schema reloaded: {} tables", reading.schema().tables().size());
        return reading.schema().tables().size();
    }

    private void reloadQuietly() {
        try {
            reloadSchema();
        } catch (ReloadException e) {
            LOG.error("the schema changed, but {}; still serving the old one", e.getMessage());
        }
    }

    /** The database --db names: a SQLite file (the sample when missing), or a database server's URL. */
    private static Database open(Settings settings) {
        String db = settings.db();
        Versions versions = new Versions(settings.cursorSecret().getBytes(StandardCharsets.UTF_8));
        if (Engine.of(db) != Engine.SQLITE) {
            return Database.openServer(
                    new ServerOptions(
                            db,
                            settings.dbSchema(),
                            settings.dbUser(),
                            settings.dbPassword(),
                            settings.statementTimeout()),
                    versions,
                    settings.replicas().urls(),
                    settings.replicas().maxLag());
        }
        if (!settings.replicas().urls().isEmpty()) {
            throw new StartupException("--db-replicas needs a PostgreSQL --db (jdbc:postgresql:), not '"
                    + Database.withoutPassword(db) + "'");
        }
        if (db.startsWith("jdbc:") && !db.startsWith("jdbc:sqlite:")) {
            throw new StartupException("unsupported database URL '" + Database.withoutPassword(db)
                    + "': give a SQLite file, or a jdbc:sqlite:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL");
        }
        Path file = Path.of(db.startsWith("jdbc:sqlite:") ? db.substring("jdbc:sqlite:".length()) : db);
        SampleDatabase.copyIfMissing(file);
        return Database.openSqlite(file, settings.durability(), settings.statementTimeout(), versions);
    }

    /** The version Maven built, or "dev" when running from an IDE's classes. */
    public static String version() {
        try (InputStream in = Tiddly.class.getResourceAsStream("/tiddly/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SQL statements run since start. */
    public long statementsRun() {
        return database.statementsRun();
    }

    /** The port the server listens on (useful when started with port 0). */
    public int port() {
        return server.port();
    }

    /**
     * Runs {@code hook} when the server begins to stop: a long-lived stream (a change feed) ends
     * itself there, so that the graceful stop does not wait the whole grace period for it. The
     * hook should only signal and return; close the registration when the stream ends by itself.
     */
    public ShutdownHooks.Registration onShutdown(Runnable hook) {
        return server.onShutdown(hook);
    }

    /** The registry of /_metrics, where code embedding Tiddly adds meters of its own. */
    public io.micrometer.core.instrument.MeterRegistry meters() {
        return server.meters();
    }

    /**
     * Stops gracefully (docs/operations.md): {@code /_ready} answers 503, the shutdown hooks run,
     * the listener closes, requests in flight get up to the grace period, then the pool closes.
     * A second call does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // not synchronized: a schema reload waiting for this object's lock must not stall the stop
        }
        if (server != null) {
            server.close(); // first: /_ready turns 503 at once
        }
        if (watch != null) {
            watch.close();
        }
        feed.ifPresent(Feed::close); // after the streams ended in the shutdown hook; stops polling
        database.close();
        if (server != null) {
            LOG.info("stopped");
        }
    }

    public static void main(String[] args) {
        int status = Cli.run(args);
        if (status != 0) {
            System.exit(status);
        }
    }
}
