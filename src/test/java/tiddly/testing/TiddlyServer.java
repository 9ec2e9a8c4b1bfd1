package tiddly.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tiddly.Settings;
import tiddly.Tiddly;
import tiddly.hook.Hooks;

/**
 * JUnit 5 extension: before each test, a fresh copy of the sample database (tiddly.db.sample in a
 * temp folder, or on PostgreSQL or MariaDB a schema of its own: see {@link TestDatabase}), extra
 * fixture SQL applied, and a Tiddly server on a free port; both gone after the test.
 */
public final class TiddlyServer implements BeforeEachCallback, AfterEachCallback {
    private final UnaryOperator<Settings> settings;
    private final List<String> fixture = new ArrayList<>();
    private Path folder;
    private final TestDatabase database = TestDatabase.current();
    private Path db;
    private String serverDatabase;
    private Tiddly tiddly;
    private Settings started;
    private String configText;
    private Hooks hooks = Hooks.NONE;
    private java.util.function.Function<Settings, Tiddly> starter;

    private TiddlyServer(UnaryOperator<Settings> settings) {
        this.settings = settings;
    }

    /** A server over the sample database with default settings. */
    public static TiddlyServer sample() {
        return new TiddlyServer(UnaryOperator.identity());
    }

    /** A server over the sample database with settings changed by {@code change}. */
    public static TiddlyServer sample(UnaryOperator<Settings> change) {
        return new TiddlyServer(change);
    }

    /** A security configuration (--config) for the server, written to a file in the test's folder. */
    public TiddlyServer withConfigText(String json) {
        configText = json;
        return this;
    }

    /** The same as {@link #withConfigText}: the server starts with this JSON as its --config file. */
    public TiddlyServer withConfig(String json) {
        return withConfigText(json);
    }

    /** The application's hooks and Java functions the server starts with (docs/extending.md). */
    public TiddlyServer withHooks(Hooks given) {
        hooks = given;
        return this;
    }

    /** Starts the server with {@code start} instead (an example's own start-up code), given the test's settings. */
    public TiddlyServer startedBy(java.util.function.Function<Settings, Tiddly> start) {
        starter = start;
        return this;
    }

    /** SQL run on the database copy before the server reads its schema. */
    public TiddlyServer withFixture(String sql) {
        fixture.add(sql);
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException, SQLException {
        folder = Files.createTempDirectory("tiddly-test");
        Settings base = Settings.defaults().withPort(0);
        if (database == TestDatabase.SQLITE) {
            db = folder.resolve("test.db");
            Files.copy(Path.of("tiddly.db.sample"), db, StandardCopyOption.REPLACE_EXISTING);
            base = base.withDb(db.toString());
        } else {
            serverDatabase = database.create();
            base = base.withDb(database.url(serverDatabase))
                    .withDbLogin(serverDatabase, Optional.of(database.user()), Optional.empty());
        }
        try (Connection connection = connect();
                var statement = connection.createStatement()) {
            for (String sql : fixture) {
                statement.executeUpdate(sql);
            }
        }
        if (configText != null) {
            Path config = folder.resolve("tiddly.json");
            Files.writeString(config, configText);
            base = base.withConfig(config);
        }
        started = settings.apply(base);
        tiddly = starter != null ? starter.apply(started) : Tiddly.start(started, hooks);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException, SQLException {
        if (tiddly != null) {
            tiddly.close();
        }
        if (serverDatabase != null) {
            database.drop(serverDatabase);
        }
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    /** A REST-assured request to this server, with a JSON content type in UTF-8. */
    public RequestSpecification http() {
        return RestAssured.given().port(port()).contentType("application/json; charset=utf-8");
    }

    /**
     * A second server over the same database with the same settings (and so the same ETag key),
     * on a port of its own: the caller closes it.
     */
    public Tiddly another() {
        return another(UnaryOperator.identity());
    }

    /** The same as {@link #another()}, with {@code change} applied to its settings. */
    public Tiddly another(UnaryOperator<Settings> change) {
        return Tiddly.start(change.apply(started.withPort(0)));
    }

    /** SQL statements the server has run so far. */
    public long statements() {
        return tiddly.statementsRun();
    }

    public int port() {
        return tiddly.port();
    }

    /** The SQLite file the server serves; only SQLite-only tests ask. */
    public Path db() {
        if (db == null) {
            throw new IllegalStateException("this test runs on " + database + ", not on a SQLite file");
        }
        return db;
    }

    /** The database this run's tests use. */
    public TestDatabase database() {
        return database;
    }

    /** Runs {@code sql} straight on the database, behind the server's back. */
    public void execute(String sql) {
        try (Connection connection = connect();
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** The first column of the first row of {@code sql}, read straight from the database file. */
    public Object scalar(String sql) {
        try (Connection connection = connect();
                var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? normalized(rows.getObject(1)) : null;
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** Whole numbers as Integer when they fit, whichever type the database's driver chose. */
    private static Object normalized(Object value) {
        if (value instanceof Long || value instanceof Short || value instanceof java.math.BigDecimal) {
            try {
                return new java.math.BigDecimal(value.toString()).intValueExact();
            } catch (ArithmeticException notSmallAndWhole) {
                return value;
            }
        }
        return value;
    }

    /** A new connection to the server's database, behind its back (e.g. to hold a transaction open). */
    public Connection connect() throws SQLException {
        return database == TestDatabase.SQLITE
                ? DriverManager.getConnection("jdbc:sqlite:" + db)
                : database.connect(serverDatabase);
    }
}
