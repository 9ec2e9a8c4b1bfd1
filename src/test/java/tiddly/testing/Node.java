package tiddly.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node.js for the JavaScript client's tests ({@code node --test}). Without {@code node} 18 or newer
 * on the PATH the test is skipped, saying why (CI installs Debian's nodejs: see .ci/run).
 */
public final class Node {
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.");
    private static final int OLDEST = 18;

    /** What a run printed, and how it ended. */
    public record Run(int exitStatus, String output) {}

    private Node() {}

    /** Skips the calling test unless {@code node --version} says 18 or newer. */
    public static void assumeInstalled() {
        String version = version();
        Matcher matcher = VERSION.matcher(version);
        assumeTrue(
                matcher.lookingAt() && Integer.parseInt(matcher.group(1)) >= OLDEST,
                "skipped: needs node " + OLDEST + " or newer on the PATH (apt-get install nodejs); found: "
                        + (version.isEmpty() ? "none" : version));
    }

    private static String version() {
        try {
            Process process = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Runs {@code node --test} on the {@code *.test.mjs} files of {@code folder} (named one by one:
     * Node 18 and 22 read a folder argument differently), with {@code environment} added.
     */
    public static Run test(Path folder, Map<String, String> environment) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "--test"));
        try (var files = Files.list(folder)) {
            files.map(Path::toString)
                    .filter(name -> name.endsWith(".test.mjs"))
                    .sorted()
                    .forEach(command::add);
        }
        Path output = Files.createTempFile("node-test", ".txt");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Run(-1, "node --test ran longer than 5 minutes\n" + Files.readString(output));
            }
            return new Run(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
