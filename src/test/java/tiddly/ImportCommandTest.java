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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tiddly import --table t FILE}: bulk import from the command line. */
class ImportCommandTest {
    @TempDir
    Path folder;

    private Path db;

    private record Run(int status, String out, String err) {}

    @BeforeEach
    void copySample() throws Exception {
        db = folder.resolve("shop.db");
        Files.copy(Path.of("tiddly.db.sample"), db);
    }

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

    private Object scalar(String sql) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getObject(1);
        }
    }

    @Test
    void aCsvFileIsImportedAndSummed() throws Exception {
        StringBuilder csv = new StringBuilder("title,year,author_id\n");
        for (int i = 1; i <= 2500; i++) {
            csv.append("Imported ")
                    .append(i)
                    .append(',')
                    .append(1900 + i % 100)
                    .append(',')
                    .append(1 + i % 10)
                    .append('\n');
        }
        Path file = Files.writeString(folder.resolve("books.csv"), csv);
        Run run = run("import", "--db", db.toString(), "--table", "book", file.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(
                run.out().matches("imported 2,500 rows into book in [0-9.]+ s \\([0-9,]+ rows/s\\); rejected 0\\n"),
                run.out());
        assertEquals(2560, scalar("SELECT count(*) FROM book"));
    }

    @Test
    void rejectedRecordsAreListedWithTheirLinesAndTheStatusSaysSo() throws Exception {
        Path file = Files.writeString(
                folder.resolve("authors.ndjson"),
                "{\"name\": \"One\"}\n{\"name\": null}\n{\"name\": \"Two\", \"born\": \"x\"}\n{\"name\": \"Three\"}\n");
        Run run = run("import", "--db", db.toString(), "--table", "author", file.toString());
        assertEquals(3, run.status(), run.err());
        assertTrue(run.out().contains("; rejected 2\n"), run.out());
        assertTrue(run.out().contains("  line 2: column 'name' may not be null (invalid_value)\n"), run.out());
        assertTrue(
                run.out().contains("  line 3: column 'born' expects an integer, got \"x\" (invalid_value)\n"),
                run.out());
        assertEquals(12, scalar("SELECT count(*) FROM author"));
    }

    @Test
    void aJsonArrayIsImportedAndPasswordsAreHashedAsOverHttp() throws Exception {
        Path config = Files.writeString(
                folder.resolve("tiddly.json"),
                "{\"auth\": {\"users\": {\"table\": \"user\", \"identity\": \"email\"}}}");
        Path file = Files.writeString(
                folder.resolve("users.json"),
                "[{\"name\": \"Frank\", \"email\": \"frank@example.com\", \"password\": \"frank-secret\"}]");
        Run run =
                run("import", "--db", db.toString(), "--config", config.toString(), "--table", "user", file.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(scalar("SELECT password FROM user WHERE email = 'frank@example.com'")
                .toString()
                .startsWith("$2"));
    }

    @Test
    void aFileOfUnknownFormatOrAMissingTableIsRefusedClearly() throws Exception {
        Path file = Files.writeString(folder.resolve("rows.txt"), "x");
        Run unknown = run("import", "--db", db.toString(), "--table", "book", file.toString());
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("cannot tell the format of '" + file + "' by its extension"), unknown.err());
        Path csv = Files.writeString(folder.resolve("rows.csv"), "a\n1\n");
        Run missing = run("import", "--db", db.toString(), "--table", "nope", csv.toString());
        assertEquals(1, missing.status());
        assertEquals(
                "tiddly: the import stopped after 0 rows: unknown table 'nope'",
                missing.err().strip());
    }
}
