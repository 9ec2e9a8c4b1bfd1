package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built fat jar, started as a user would start it. Runs after `package` (failsafe). */
class JarIT {
    private static final Pattern LISTENING = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path folder;

    @Test
    void theJarCreatesTheDatabaseFromTheSampleAndServesIt() throws Exception {
        Process process = start(folder, "--port", "0");
        try {
            List<String> log = new ArrayList<>();
            int port = awaitPort(process, log);
            assertTrue(log.stream().anyMatch(line -> line.contains("created it as a copy of the bundled sample")), log.toString());
            assertTrue(Files.exists(folder.resolve("tiddly.db")));
            RestAssured.given().port(port).body("{\"where\": {\"id\": 1}}")
                    .when().request("FETCH", "/user")
                    .then().statusCode(200).body("data[0].name", equalTo("Alice"));
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void helpListsEveryOption() throws Exception {
        Result result = run(folder, "--help");
        assertEquals(0, result.status());
        for (String option : List.of("--db", "--host", "--port", "--max-limit", "TIDDLY_PORT")) {
            assertTrue(result.output().contains(option), result.output());
        }
    }

    @Test
    void aBadOptionExitsWithOneClearLine() throws Exception {
        Result result = run(folder, "--port", "abc");
        assertEquals(2, result.status());
        assertEquals(List.of("tiddly: Invalid value for option '--port': 'abc' is not an int (see --help)"), result.lines());
    }

    @Test
    void anUnreadableDatabaseExitsWithOneClearLine() throws Exception {
        Files.writeString(folder.resolve("junk.db"), "this is not a database, just text that is long enough to have a header");
        Result result = run(folder, "--db", "junk.db", "--port", "0");
        assertEquals(1, result.status());
        assertEquals(1, result.lines().size(), result.output());
        assertTrue(result.lines().get(0).startsWith("tiddly: cannot open database 'junk.db': "), result.output());
    }

    private record Result(int status, String output) {
        List<String> lines() {
            return output.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private static Result run(Path folder, String... args) throws Exception {
        Process process = start(folder, args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private static Process start(Path folder, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "tiddly.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
    }

    private static int awaitPort(Process process, List<String> log) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            log.add(line);
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("the server stopped before listening: " + log);
    }
}
