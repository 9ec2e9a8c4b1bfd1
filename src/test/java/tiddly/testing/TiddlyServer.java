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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tiddly.Settings;
import tiddly.Tiddly;

/**
 * JUnit 5 extension: before each test, a fresh copy of tiddly.db.sample in a temp folder, extra
 * fixture SQL applied, and a Tiddly server on a free port; both gone after the test.
 */
public final class TiddlyServer implements BeforeEachCallback, AfterEachCallback {
    private final UnaryOperator<Settings> settings;
    private final List<String> fixture = new ArrayList<>();
    private Path folder;
    private Path db;
    private Tiddly tiddly;
    private String configText;

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

    /** SQL run on the database copy before the server reads its schema. */
    public TiddlyServer withFixture(String sql) {
        fixture.add(sql);
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException, SQLException {
        folder = Files.createTempDirectory("tiddly-test");
        db = folder.resolve("test.db");
        Files.copy(Path.of("tiddly.db.sample"), db, StandardCopyOption.REPLACE_EXISTING);
        try (Connection connection = connect();
                var statement = connection.createStatement()) {
            for (String sql : fixture) {
                statement.executeUpdate(sql);
            }
        }
        Settings base = Settings.defaults().withDb(db.toString()).withPort(0);
        if (configText != null) {
            Path config = folder.resolve("tiddly.json");
            Files.writeString(config, configText);
            base = base.withConfig(config);
        }
        tiddly = Tiddly.start(settings.apply(base));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        tiddly.close();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    /** A REST-assured request to this server, with a JSON content type in UTF-8. */
    public RequestSpecification http() {
        return RestAssured.given().port(port()).contentType("application/json; charset=utf-8");
    }

    /** SQL statements the server has run so far. */
    public long statements() {
        return tiddly.statementsRun();
    }

    public int port() {
        return tiddly.port();
    }

    public Path db() {
        return db;
    }

    /** The first column of the first row of {@code sql}, read straight from the database file. */
    public Object scalar(String sql) {
        try (Connection connection = connect();
                var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getObject(1) : null;
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }
}
