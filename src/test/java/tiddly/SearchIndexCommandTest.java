package tiddly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.schema.SchemaReader;
import tiddly.schema.SearchIndex;
import tiddly.testing.TestDatabase;

/**
 * {@code tiddly search-index} on a SQLite file: creates, keeps in sync, drops; refuses what it
 * cannot index. On PostgreSQL (-Dtiddly.test.db=postgres): leaves the table it wrote again vacuumed.
 */
class SearchIndexCommandTest {
    @TempDir
    Path folder;

    private Path database() throws SQLException {
        Path file = folder.resolve("t.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE story (id INTEGER PRIMARY KEY, title TEXT, body TEXT, year INTEGER)");
            statement.execute("INSERT INTO story VALUES (1, 'Dune', 'desert spice', 1965)");
        }
        return file;
    }

    private static List<SearchIndex> indexes(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return new SchemaReader(Set.of()).read(connection).require("story").searchIndexes();
        }
    }

    private static long matches(Path file, String index, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                var statement = connection.prepareStatement(
                        "SELECT count(*) FROM \"" + index + "\" WHERE \"" + index + "\" MATCH ?")) {
            statement.setString(1, query);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void createsAnIndexThatFollowsInsertsUpdatesAndDeletesAndDropsIt() throws SQLException {
        Path file = database();
        assertEquals(
                0, Cli.run("search-index", "--db", file.toString(), "--table", "story", "--columns", "title,body"));
        List<SearchIndex> indexes = indexes(file);
        assertEquals(1, indexes.size());
        assertEquals(List.of("title", "body"), indexes.get(0).columns());
        String index = indexes.get(0).name();
        assertEquals(1, matches(file, index, "spice"));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                var statement = connection.createStatement()) {
            statement.execute("INSERT INTO story VALUES (2, 'Emma', 'spice of life', 1815)");
            statement.execute("UPDATE story SET body = 'sand' WHERE id = 1");
            assertEquals(1, matches(file, index, "spice"));
            statement.execute("DELETE FROM story WHERE id = 2");
        }
        assertEquals(0, matches(file, index, "spice"));
        assertEquals(1, matches(file, index, "sand"));
        assertEquals(
                0, Cli.run("search-index", "--db", file.toString(), "--table", "story", "--columns", "title,body"));
        assertEquals(
                0,
                Cli.run(
                        "search-index",
                        "--db",
                        file.toString(),
                        "--table",
                        "story",
                        "--columns",
                        "title,body",
                        "--drop"));
        assertEquals(List.of(), indexes(file));
    }

    @Test
    void refusesAnUnknownTableOrColumnAndANonTextColumn() throws SQLException {
        Path file = database();
        assertEquals(1, Cli.run("search-index", "--db", file.toString(), "--table", "nope", "--columns", "title"));
        assertEquals(1, Cli.run("search-index", "--db", file.toString(), "--table", "story", "--columns", "titel"));
        assertEquals(1, Cli.run("search-index", "--db", file.toString(), "--table", "story", "--columns", "year"));
        assertEquals(2, Cli.run("search-index", "--db", file.toString(), "--columns", "title"));
        assertEquals(List.of(), indexes(file));
    }

    @Test
    void onPostgresqlVacuumsTheTableThatAddingTheDocumentsWroteAgain() throws SQLException {
        assumeTrue(TestDatabase.current() == TestDatabase.POSTGRES, "PostgreSQL's search index");
        TestDatabase database = TestDatabase.POSTGRES;
        String name = database.create();
        try {
            try (Connection connection = database.connect(name);
                    var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE story (id INTEGER PRIMARY KEY, title TEXT, body TEXT)");
                statement.execute("INSERT INTO story VALUES (1, 'Dune', 'desert spice')");
            }
            assertEquals(
                    0,
                    Cli.run(
                            "search-index",
                            "--db",
                            database.url(name),
                            "--schema",
                            name,
                            "--db-user",
                            database.user(),
                            "--table",
                            "story",
                            "--columns",
                            "title,body"));
            try (Connection connection = database.connect(name);
                    var statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relid = 'story'::regclass")) {
                rows.next();
                assertEquals(true, rows.getBoolean(1), "VACUUM ran after the table was written again");
            }
        } finally {
            database.drop(name);
        }
    }
}
