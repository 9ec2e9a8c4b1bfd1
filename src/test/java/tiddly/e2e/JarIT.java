package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.testing.JarProcess;

/** The built fat jar, started as a user would start it. Runs after `package` (failsafe). */
class JarIT {
    @TempDir
    Path folder;

    @Test
    void theJarCreatesTheDatabaseFromTheSampleAndServesIt() throws Exception {
        try (JarProcess jar = JarProcess.start(folder, "--port", "0")) {
            assertTrue(
                    jar.log().stream().anyMatch(line -> line.contains("created it as a copy of the bundled sample")),
                    jar.log().toString());
            assertTrue(Files.exists(folder.resolve("tiddly.db")));
            RestAssured.given()
                    .port(jar.port())
                    .body("{\"where\": {\"id\": 1}}")
                    .when()
                    .request("FETCH", "/user")
                    .then()
                    .statusCode(200)
                    .body("data[0].name", equalTo("Alice"));
        }
    }

    @Test
    void helpListsEveryOption() throws Exception {
        Result result = run("--help");
        assertEquals(0, result.status());
        for (String option : List.of("--db", "--host", "--port", "--max-limit", "TIDDLY_PORT")) {
            assertTrue(result.output().contains(option), result.output());
        }
    }

    @Test
    void helpGroupsItsOptions() throws Exception {
        String help = run("--help").output();
        List<String> headings =
                List.of("Database:", "Listening:", "Security:", "Limits:", "Operations (docs/operations.md):", "Help:");
        int at = -1;
        for (String heading : headings) {
            int next = help.indexOf("\n" + heading + "\n");
            assertTrue(next > at, heading + " missing or out of order in\n" + help);
            at = next;
        }
        assertTrue(help.lastIndexOf("--shutdown-grace") > help.indexOf("Operations (docs/operations.md):"), help);
        assertTrue(help.lastIndexOf("--max-limit") > help.indexOf("Limits:"), help);
    }

    @Test
    void theStartUpLogNamesTheVersionDatabaseSecurityModeAndLimits() throws Exception {
        try (JarProcess jar = JarProcess.start(folder, "--port", "0", "--access-log", "access.log")) {
            String log = String.join("\n", jar.log());
            assertTrue(log.contains("security: open: no rules"), log);
            assertTrue(
                    log.contains("limits: 1000 rows per query, 1048576-byte bodies, 10 s statement timeout,"
                            + " 30 s idle timeout; durability normal; shutdown grace 20 s; access log access.log"),
                    log);
            assertTrue(
                    log.matches("(?s).*Tiddly \\S+ serves tiddly.db \\(SQLite 3[.0-9]+, 5 tables\\) at http.*"), log);
        }
    }

    @Test
    void aBadOptionExitsWithOneClearLine() throws Exception {
        Result result = run("--port", "abc");
        assertEquals(2, result.status());
        assertEquals(
                List.of("tiddly: Invalid value for option '--port': 'abc' is not an int (see --help)"), result.lines());
    }

    @Test
    void anUnreadableDatabaseExitsWithOneClearLine() throws Exception {
        Files.writeString(
                folder.resolve("junk.db"), "this is not a database, just text that is long enough to have a header");
        Result result = run("--db", "junk.db", "--port", "0");
        assertEquals(1, result.status());
        assertEquals(1, result.lines().size(), result.output());
        assertTrue(result.lines().get(0).startsWith("tiddly: cannot open database 'junk.db': "), result.output());
    }

    private record Result(int status, String output) {
        List<String> lines() {
            return output.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private Result run(String... args) throws Exception {
        Process process = JarProcess.process(folder, args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }
}
