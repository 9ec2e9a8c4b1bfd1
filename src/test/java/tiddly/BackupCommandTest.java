package tiddly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tiddly backup --db x.db out.db}: the command line's online backup. */
class BackupCommandTest {
    @TempDir
    Path folder;

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
            int status = Cli.run(args);
            return new Run(status, printed.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void backupCopiesTheDatabaseToANewFile() throws Exception {
        Path db = folder.resolve("shop.db");
        Files.copy(Path.of("tiddly.db.sample"), db);
        Path out = folder.resolve("copy.db");
        Run run = run("backup", "--db", db.toString(), out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("backed up " + db + " to " + out + " ("), run.out());
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + out);
                var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM book")) {
            rows.next();
            assertEquals(60, rows.getInt(1));
        }
    }

    @Test
    void backupRefusesToOverwriteAFile() throws Exception {
        Path db = folder.resolve("shop.db");
        Files.copy(Path.of("tiddly.db.sample"), db);
        Path out = Files.writeString(folder.resolve("copy.db"), "keep me");
        Run run = run("backup", "--db", db.toString(), out.toString());
        assertEquals(1, run.status());
        assertEquals(
                "tiddly: '" + out + "' already exists; back up to a new file",
                run.err().strip());
        assertEquals("keep me", Files.readString(out));
    }

    @Test
    void backupOfADatabaseServerPointsToItsTools() {
        Run run = run(
                "backup",
                "--db",
                "jdbc:postgresql://localhost/shop",
                folder.resolve("x.db").toString());
        assertEquals(1, run.status());
        assertEquals(
                "tiddly: backup copies SQLite files; back up PostgreSQL with pg_dump and MariaDB with mariadb-dump",
                run.err().strip());
    }
}
