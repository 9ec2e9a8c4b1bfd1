package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tiddly.testing.Browser;
import tiddly.testing.TiddlyServer;

/**
 * The JavaScript client in headless Chromium, imported by pages of another origin (another
 * port) from the server's {@code /_client.js}: a query, a save that meets a conflict, a live
 * query; and the worked example of docs/clients.md, docs/examples/reading-list.
 */
class JsClientBrowserTest {
    private static final Path EXAMPLE = Path.of("docs", "examples", "reading-list");
    private static Browser browser;

    private final HttpServer pages = pageServer();
    private final String origin = "http://127.0.0.1:" + pages.getAddress().getPort();

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withFixture(schema());

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void stopPages() {
        pages.stop(0);
    }

    private static String schema() {
        try {
            return Files.readString(EXAMPLE.resolve("schema.sql")).replaceAll("(?m)^--.*\n", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpServer pageServer() {
        try {
            HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            pages.start();
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(String path, String type, byte[] bytes) {
        pages.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        });
    }

    private String api() {
        return "http://127.0.0.1:" + server.port();
    }

    private String text(String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    @Test
    void aPageOfAnotherOriginImportsTheClientQueriesMeetsAConflictAndListens() {
        serve("/client.html", "text/html; charset=utf-8", """
                <!doctype html><html><body>
                <script type="module">
                const api = new URLSearchParams(location.search).get("api");
                const show = (id, text) => {
                  const line = document.createElement("p");
                  line.id = id;
                  line.textContent = text;
                  document.body.append(line);
                };
                try {
                  const {connect} = await import(api + "/_client.js");
                  const db = await connect(api);
                  const books = await db.book.where({genre: "sf"}).orderBy("year desc").select("title", "year").limit(3).all();
                  show("query", books.map((book) => book.year).join(" "));
                  const mine = await db.author.get(1);
                  const theirs = await db.author.get(1);
                  theirs.born = 1930;
                  await theirs.save();
                  mine.born = 1931;
                  try {
                    await mine.save();
                    show("conflict", "saved over their change");
                  } catch (error) {
                    show("conflict", `${error.status} ${error.code} ${error.current.born}`);
                  }
                  const live = db.book.where({author_id: 2}).select("id", "title").subscribe((event) => {
                    if (event.type === "insert") show("live", event.row.title);
                  });
                  await live.ready;
                  show("ready", "ready");
                } catch (error) {
                  show("failed", `${error.message} ${error.code}`);
                }
                </script></body></html>""".getBytes(StandardCharsets.UTF_8));
        browser.driver().get(origin + "/client.html?api=" + api());
        browser.waiting(30)
                .until(ExpectedConditions.or(
                        ExpectedConditions.presenceOfElementLocated(By.id("ready")),
                        ExpectedConditions.presenceOfElementLocated(By.id("failed"))));
        assertEquals(
                List.of(),
                browser.driver().findElements(By.id("failed")).stream()
                        .map(WebElement::getText)
                        .toList());
        List<Integer> years = java.util.Arrays.stream(text("query").split(" "))
                .map(Integer::valueOf)
                .toList();
        assertEquals(3, years.size());
        assertTrue(years.get(0) >= years.get(1) && years.get(1) >= years.get(2), years.toString());
        assertEquals("412 etag_mismatch 1930", text("conflict"));
        server.http()
                .body("{\"title\": \"Heard cross-origin\", \"author_id\": 2}")
                .post("/book")
                .then()
                .statusCode(201);
        browser.waiting(30).until(ExpectedConditions.presenceOfElementLocated(By.id("live")));
        assertEquals("Heard cross-origin", text("live"));
    }

    @Test
    void theReadingListExampleListsAddsTicksOffAndShowsOtherWritersChanges() throws IOException {
        for (Map.Entry<String, String> file : Map.of(
                        "index.html", "text/html; charset=utf-8",
                        "reading-list.js", "text/javascript; charset=utf-8",
                        "reading-list.css", "text/css; charset=utf-8")
                .entrySet()) {
            serve("/" + file.getKey(), file.getValue(), Files.readAllBytes(EXAMPLE.resolve(file.getKey())));
        }
        server.http()
                .body("{\"title\": \"The Left Hand of Darkness\", \"author\": \"Ursula K. Le Guin\"}")
                .post("/reading")
                .then()
                .statusCode(201);
        browser.console(); // forget the messages of earlier tests
        browser.driver().get(origin + "/index.html?api=" + api()); // an origin --cors-origins does not name
        browser.waiting(30).until(ExpectedConditions.textToBe(By.id("status"), "live"));
        browser.waiting(30).until(ExpectedConditions.textToBe(By.id("left"), "1 to read"));
        assertEquals(
                "The Left Hand of Darkness",
                items().get(0).findElement(By.className("title")).getText());

        browser.driver().findElement(By.id("title")).sendKeys("Kindred");
        browser.driver().findElement(By.id("author")).sendKeys("Octavia E. Butler");
        browser.driver().findElement(By.cssSelector("#add button")).click();
        browser.waiting(30).until(ExpectedConditions.textToBe(By.id("left"), "2 to read"));

        items().get(0).findElement(By.cssSelector("input[type=checkbox]")).click();
        browser.waiting(30).until(ExpectedConditions.textToBe(By.id("left"), "1 to read"));
        server.http().get("/reading/1").then().statusCode(200).body("data.done", org.hamcrest.Matchers.is(true));

        server.http()
                .body("{\"title\": \"<b>Not markup</b>\"}")
                .post("/reading")
                .then()
                .statusCode(201); // another writer: the live query shows it, as text
        browser.waiting(30).until(ExpectedConditions.textToBe(By.id("left"), "2 to read"));
        assertEquals(
                "<b>Not markup</b>",
                items().get(2).findElement(By.className("title")).getText());

        items().get(1).findElement(By.tagName("button")).click();
        browser.waiting(30).until(ExpectedConditions.textToBe(By.id("left"), "1 to read"));
        assertEquals(2, items().size());
        assertEquals(
                List.of(),
                browser.console().stream()
                        .filter(line -> line.startsWith("SEVERE") && !line.contains("/favicon.ico"))
                        .toList());
    }

    private List<WebElement> items() {
        return browser.driver().findElements(By.cssSelector("#books li"));
    }
}
