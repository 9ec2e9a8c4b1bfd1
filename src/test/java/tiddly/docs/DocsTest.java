package tiddly.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import tiddly.Settings;
import tiddly.Tiddly;

/**
 * Runs every {@code $ curl …} example of README.md, docs/API.md and docs/operations.md, verbatim, in document order,
 * and compares what curl prints with the output the document shows. A {@code ```console} fence may
 * name the server it needs: {@code server=extra} (the sample plus the tables of API.md's
 * "Extra tables" section), {@code server=cors} (--cors-origins https://app.example,
 * https://admin.example) or {@code server=strict} (--require-if-match). In an expected output,
 * {@code …} stands for any text (dates, long payloads).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsTest {
    private static final String SECRET = "docs-examples-cursor-secret";
    private static final Pattern PORT = Pattern.compile("(localhost|127\\.0\\.0\\.1):4567");

    private final Map<String, Tiddly> servers = new LinkedHashMap<>();
    private final List<Path> folders = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> readmeExamplesRunAsDocumented() throws IOException {
        return examples(Path.of("README.md"));
    }

    @TestFactory
    Stream<DynamicTest> apiExamplesRunAsDocumented() throws IOException {
        return examples(Path.of("docs", "API.md"));
    }

    @TestFactory
    Stream<DynamicTest> operationsExamplesRunAsDocumented() throws IOException {
        return examples(Path.of("docs", "operations.md"));
    }

    private Stream<DynamicTest> examples(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<DynamicTest> tests = new ArrayList<>();
        String server = null;
        String document = file.toString();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (server == null && line.startsWith("```console")) {
                server = line.contains("server=")
                        ? line.substring(line.indexOf("server=") + 7).trim()
                        : "default";
                continue;
            }
            if (server != null && line.startsWith("```")) {
                server = null;
                continue;
            }
            if (server == null || !line.startsWith("$ ")) {
                continue;
            }
            StringBuilder command = new StringBuilder(line.substring(2));
            int start = i + 1;
            while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                command.setLength(command.length() - 1);
                command.append('\n').append(lines.get(++i));
            }
            List<String> expected = new ArrayList<>();
            while (i + 1 < lines.size()
                    && !lines.get(i + 1).startsWith("$ ")
                    && !lines.get(i + 1).startsWith("```")) {
                expected.add(lines.get(++i));
            }
            String variant = server;
            String name = document + ":" + start + " "
                    + command.toString().lines().findFirst().orElse("");
            String key = document + "/" + variant; // each document runs on its own servers
            tests.add(DynamicTest.dynamicTest(name, () -> check(key, variant, command.toString(), expected, name)));
        }
        return tests.stream();
    }

    private void check(String server, String variant, String command, List<String> expected, String name)
            throws Exception {
        if (!command.contains("curl")) {
            return; // set-up shown for readers (sqlite3, java -jar): the test servers are prepared in code
        }
        int port = server(server, variant).port();
        Path output = Files.createTempFile("tiddly-docs", ".out");
        Process process = new ProcessBuilder("bash", "-c", PORT.matcher(command).replaceAll("127.0.0.1:" + port))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean ended = process.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output);
        Files.delete(output);
        assertTrue(ended, name + " did not end within 30 s");
        String actual = printed.stripTrailing().replace("\r\n", "\n").replace("127.0.0.1:" + port, "127.0.0.1:4567");
        String wanted = String.join("\n", expected).stripTrailing();
        assertTrue(
                matches(wanted, actual),
                () -> name + "\n--- documented ---\n" + wanted + "\n--- actual ---\n" + actual);
    }

    /** Equal, but for {@code …}, which matches any text. */
    private static boolean matches(String wanted, String actual) {
        StringBuilder regex = new StringBuilder();
        for (String part : wanted.split("…", -1)) {
            if (regex.length() > 0) {
                regex.append("[\\s\\S]*?");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString()).matcher(actual).matches();
    }

    private Tiddly server(String key, String variant) throws Exception {
        Tiddly running = servers.get(key);
        if (running != null) {
            return running;
        }
        Path folder = Files.createTempDirectory("tiddly-docs");
        folders.add(folder);
        Path db = folder.resolve("tiddly.db");
        Files.copy(Path.of("tiddly.db.sample"), db);
        UnaryOperator<Settings> settings = switch (variant) {
            case "default", "extra" -> UnaryOperator.identity();
            case "cors" -> s -> s.withCorsOrigins(List.of("https://app.example", "https://admin.example"));
            case "strict" -> s -> s.withRequireIfMatch(true);
            default -> throw new IllegalArgumentException("unknown server variant '" + variant + "'");
        };
        if (variant.equals("extra")) {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                    var statement = connection.createStatement()) {
                for (String sql : extraTables().split(";\\s*\n")) {
                    if (!sql.isBlank()) {
                        statement.executeUpdate(sql);
                    }
                }
            }
        }
        Tiddly tiddly = Tiddly.start(settings.apply(
                Settings.defaults().withDb(db.toString()).withPort(0).withCursorSecret(SECRET)));
        servers.put(key, tiddly);
        return tiddly;
    }

    /** The SQL of API.md's "Extra tables" section: the heredoc fed to sqlite3. */
    private static String extraTables() throws IOException {
        String text = Files.readString(Path.of("docs", "API.md"));
        int start = text.indexOf("<<'SQL'\n");
        int end = text.indexOf("\nSQL\n", start);
        return text.substring(start + 8, end);
    }

    @AfterAll
    void stop() throws IOException {
        servers.values().forEach(Tiddly::close);
        for (Path folder : folders) {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
