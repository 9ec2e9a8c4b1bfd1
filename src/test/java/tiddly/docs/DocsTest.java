package tiddly.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.InetSocketAddress;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tiddly.Settings;
import tiddly.Tiddly;
import tiddly.testing.Browser;

/**
 * Runs every {@code $ curl …} example of README.md, docs/API.md, docs/operations.md and docs/realtime.md, verbatim, in document order,
 * and compares what curl prints with the output the document shows. A {@code ```console} fence may
 * name the server it needs: {@code server=extra} (the sample plus the tables of API.md's
 * "Extra tables" section), {@code server=cors} (--cors-origins https://app.example,
 * https://admin.example) or {@code server=strict} (--require-if-match). In an expected output,
 * {@code …} stands for any text (dates, long payloads). A stream's {@code $ curl -N … &} runs in the
 * background and the example goes on once the stream is live; {@code $ fg} shows what it printed
 * (see {@link DocumentedStreams}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsTest {
    private static final String SECRET = "docs-examples-cursor-secret";
    private static final Pattern PORT = Pattern.compile("(localhost|127\\.0\\.0\\.1):4567");

    private final Map<String, Tiddly> servers = new LinkedHashMap<>();
    private final List<Path> folders = new ArrayList<>();
    private final DocumentedStreams streams = new DocumentedStreams();

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

    @TestFactory
    Stream<DynamicTest> realtimeExamplesRunAsDocumented() throws IOException {
        return examples(Path.of("docs", "realtime.md"));
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
        if (command.equals("fg")) {
            streams.foreground(name, expected);
            return;
        }
        if (command.endsWith(" &") && command.contains("curl")) {
            streams.background(PORT.matcher(command.substring(0, command.length() - 2))
                    .replaceAll("127.0.0.1:" + server(server, variant).port()));
            return;
        }
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

    /**
     * The page of docs/realtime.md's {@code ```html} fence, served from another origin, opened in
     * headless Chromium: the science-fiction books show, and an insert, an update and an update
     * that moves a book out of the filter, made through the API, show on the page.
     */
    @Test
    void realtimePageExampleFollowsChangesInABrowserOfAnotherOrigin() throws Exception {
        HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.start();
        String origin = "http://127.0.0.1:" + page.getAddress().getPort();
        try (Browser browser = Browser.start()) {
            int port = server("docs/realtime.md/page", "page " + origin).port();
            byte[] html = PORT.matcher(fenced(Path.of("docs", "realtime.md"), "```html"))
                    .replaceAll("127.0.0.1:" + port)
                    .getBytes(StandardCharsets.UTF_8);
            page.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, html.length);
                try (var body = exchange.getResponseBody()) {
                    body.write(html);
                }
            });
            List<String> sf = RestAssured.given()
                    .port(port)
                    .get("/book?genre=sf&select=title&limit=1000")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("data.title");
            browser.driver().get(origin + "/");
            By books = By.cssSelector("#books li");
            browser.waiting(30).until(ExpectedConditions.numberOfElementsToBe(books, sf.size()));
            int id = RestAssured.given()
                    .port(port)
                    .body("{\"title\": \"Seen in a browser\", \"author_id\": 1, \"genre\": \"sf\"}")
                    .post("/book")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("data.id");
            browser.waiting(30)
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("books"), "Seen in a browser"));
            RestAssured.given()
                    .port(port)
                    .body("{\"title\": \"Renamed in a browser\"}")
                    .put("/book/" + id)
                    .then()
                    .statusCode(200);
            browser.waiting(30)
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("books"), "Renamed in a browser"));
            RestAssured.given()
                    .port(port)
                    .body("{\"genre\": \"fantasy\"}")
                    .put("/book/" + id)
                    .then()
                    .statusCode(200);
            browser.waiting(30).until(ExpectedConditions.numberOfElementsToBe(books, sf.size()));
            assertEquals(
                    sf,
                    browser.driver().findElements(books).stream()
                            .map(item -> item.getText())
                            .toList());
        } finally {
            page.stop(0);
        }
    }

    /** The text of the first fence of {@code file} that opens with {@code opening}. */
    private static String fenced(Path file, String opening) throws IOException {
        String text = Files.readString(file);
        int start = text.indexOf(opening + "\n");
        int end = text.indexOf("\n```\n", start);
        return text.substring(start + opening.length() + 1, end + 1);
    }

    /** Equal, but for {@code …}, which matches any text. */
    private static boolean matches(String wanted, String actual) {
        return pattern(wanted).matcher(actual).matches();
    }

    /** {@code wanted} as a pattern in which {@code …} matches any text. */
    static Pattern pattern(String wanted) {
        StringBuilder regex = new StringBuilder();
        for (String part : wanted.split("…", -1)) {
            if (regex.length() > 0) {
                regex.append("[\\s\\S]*?");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
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
            default -> {
                if (!variant.startsWith("page ")) {
                    throw new IllegalArgumentException("unknown server variant '" + variant + "'");
                }
                yield s -> s.withCorsOrigins(List.of(variant.substring(5)));
            }
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
        streams.close();
        servers.values().forEach(Tiddly::close);
        for (Path folder : folders) {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
