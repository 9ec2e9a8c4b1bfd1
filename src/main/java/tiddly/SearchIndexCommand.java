package tiddly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Schema;
import tiddly.schema.SchemaReader;
import tiddly.schema.Table;
import tiddly.sql.Engine;
import tiddly.sql.SearchIndexes;

/**
 * {@code tiddly search-index --db x.db --table book --columns title,body [--drop]}: creates (or
 * drops) the full-text index that searches of those columns need. The server never makes one by
 * itself: on SQLite it adds a table and three triggers, and every index slows writes. Run again
 * on a PostgreSQL index made by an older Tiddly, it upgrades it ({@link SearchIndexes#upgrade}).
 */
@Command(
        name = "search-index",
        mixinStandardHelpOptions = true,
        description = "Creates the full-text index that a search of these columns needs (see docs/API.md), or drops"
                + " it. A running server uses it after a restart or POST /_schema/reload.")
final class SearchIndexCommand implements Callable<Integer> {
    @Option(
            names = "--db",
            paramLabel = "PATH|URL",
            defaultValue = "${env:TIDDLY_DB:-tiddly.db}",
            description = "SQLite file or JDBC URL, as for the server. Env TIDDLY_DB. Default: ${DEFAULT-VALUE}")
    String db;

    @Option(
            names = "--schema",
            paramLabel = "NAME",
            defaultValue = "${env:TIDDLY_SCHEMA:-public}",
            description = "PostgreSQL: the schema of the table. Env TIDDLY_SCHEMA. Default: ${DEFAULT-VALUE}")
    String schema;

    @Option(names = "--db-user", paramLabel = "NAME", defaultValue = "${env:TIDDLY_DB_USER}")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "SECRET", defaultValue = "${env:TIDDLY_DB_PASSWORD}")
    String dbPassword;

    @Option(names = "--table", required = true, description = "The table to search.")
    String table;

    @Option(
            names = "--columns",
            required = true,
            split = ",",
            paramLabel = "NAMES",
            description = "Its text columns that one search matches together, comma-separated.")
    List<String> columns;

    @Option(names = "--drop", description = "Drop the index (and on SQLite its triggers) instead.")
    boolean drop;

    @Override
    public Integer call() throws SQLException {
        Engine engine = Engine.of(db);
        try (Connection connection = connect(engine)) {
            Schema schema = new SchemaReader(Set.of()).read(connection);
            Table found = schema.table(table)
                    .filter(candidate -> !candidate.view())
                    .orElseThrow(() -> new StartupException("no table '" + table + "' to index in " + where()));
            for (String name : columns) {
                Column column = found.column(name)
                        .orElseThrow(() -> new StartupException("table '" + table + "' has no column '" + name + "'"));
                if (column.type() != ColumnType.TEXT) {
                    throw new StartupException("column '" + name + "' holds "
                            + column.type().expected() + "; only text columns can be searched");
                }
            }
            String name = SearchIndexes.name(engine, table, columns);
            if (name.length() > SearchIndexes.MAX_NAME) {
                throw new StartupException("the index name '" + name + "' would be longer than "
                        + SearchIndexes.MAX_NAME + " characters; rename the table");
            }
            boolean exists = found.searchIndex(columns).isPresent();
            if (!drop
                    && engine == Engine.POSTGRES
                    && exists
                    && found.searchIndex(columns).get().positionsOnly()) {
                run(connection, SearchIndexes.upgrade(table, columns));
                runEach(connection, SearchIndexes.afterwards(engine, table));
                System.out.println("search index " + name + " upgraded on " + table
                        + " (its GIN index now reads a stored document without positions, for faster ranked"
                        + " searches); a running server uses it after a restart or POST /_schema/reload");
                return 0;
            }
            if (drop != exists) {
                System.out.println("search index " + name + (drop ? " does not exist" : " exists already"));
                return 0;
            }
            run(
                    connection,
                    drop ? SearchIndexes.drop(engine, table, columns) : SearchIndexes.create(engine, table, columns));
            if (!drop) {
                runEach(connection, SearchIndexes.afterwards(engine, table));
            }
            System.out.println("search index " + name + (drop ? " dropped from " : " created on ") + table + " ("
                    + String.join(", ", columns)
                    + "); a running server sees it after a restart or POST /_schema/reload");
            return 0;
        }
    }

    private static void run(Connection connection, List<String> statements) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new StartupException("could not change the index: " + e.getMessage());
        }
    }

    /** Each statement in a transaction of its own, after {@link #run} has committed the index. */
    private static void runEach(Connection connection, List<String> statements) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new StartupException("the index was made, but what follows it failed: " + e.getMessage());
        }
    }

    private Connection connect(Engine engine) throws SQLException {
        if (engine == Engine.SQLITE) {
            Path file = Path.of(db.startsWith("jdbc:sqlite:") ? db.substring("jdbc:sqlite:".length()) : db);
            if (!Files.exists(file)) {
                throw new StartupException("no SQLite file " + file);
            }
            return DriverManager.getConnection("jdbc:sqlite:" + file);
        }
        Properties properties = new Properties();
        if (dbUser != null) {
            properties.setProperty("user", dbUser);
        }
        if (dbPassword != null) {
            properties.setProperty("password", dbPassword);
        }
        if (engine == Engine.POSTGRES) {
            properties.setProperty("currentSchema", schema);
        }
        return DriverManager.getConnection(db, properties);
    }

    private String where() {
        return tiddly.sql.Database.withoutPassword(db);
    }
}
