package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tiddly.testing.Browser;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * A real browser's EventSource, on a page of another origin (another port), listens to Tiddly
 * cross-origin: CORS lets it read the stream, and a write through HTTP shows on the page.
 */
class RealtimeBrowserTest {
    private final HttpServer page = pageServer();
    private final String origin = "http://127.0.0.1:" + page.getAddress().getPort();

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withCorsOrigins(List.of(origin)));

    private static HttpServer pageServer() {
        try {
            HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            page.start();
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopPage() {
        page.stop(0);
    }

    /** Serves at / a page whose script opens {@code stream} and lists what it hears. */
    private void serve(String stream) {
        String html = """
                <!doctype html><html><body>
                <p id="state">connecting</p><ul id="rows"></ul>
                <script>
                const books = new EventSource(%s);
                books.addEventListener("ready", () => { document.getElementById("state").textContent = "ready"; });
                books.addEventListener("insert", e => {
                  const item = document.createElement("li");
                  item.textContent = JSON.parse(e.data).row.title;
                  document.getElementById("rows").appendChild(item);
                });
                books.onerror = () => { document.getElementById("state").textContent = "error " + books.readyState; };
                </script></body></html>""".formatted("\"" + stream + "\"");
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        page.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        });
    }

    @Test
    void anEventSourceOnAPageOfAnotherOriginReceivesTheInsertsItsFilterMatches() {
        String where = URLEncoder.encode("{\"author_id\": 2}", StandardCharsets.UTF_8);
        serve("http://127.0.0.1:" + server.port() + "/book?select=id,title&where=" + where);
        try (Browser browser = Browser.start()) {
            browser.driver().get(origin + "/");
            browser.waiting(30).until(ExpectedConditions.textToBe(By.id("state"), "ready"));
            server.http()
                    .contentType("application/json")
                    .body("{\"title\": \"Not by 2\", \"author_id\": 3}")
                    .post("/book")
                    .then()
                    .statusCode(201);
            server.http()
                    .contentType("application/json")
                    .body("{\"title\": \"Seen cross-origin\", \"author_id\": 2}")
                    .post("/book")
                    .then()
                    .statusCode(201);
            browser.waiting(30).until(ExpectedConditions.textToBe(By.cssSelector("#rows li"), "Seen cross-origin"));
            assertEquals(
                    1, browser.driver().findElements(By.cssSelector("#rows li")).size());
            assertEquals("ready", browser.driver().findElement(By.id("state")).getText());
        }
    }

    @Test
    void theStreamNamesTheAllowedOriginAndAPreflightAllowsLastEventId() {
        try (SseClient stream = SseClient.get(server.port(), "/book", Map.of("Origin", origin))) {
            stream.ready();
            assertEquals(origin, stream.header("Access-Control-Allow-Origin").orElseThrow());
            assertEquals(
                    "text/event-stream",
                    stream.header("Content-Type").orElseThrow().split(";")[0]);
        }
        String allowed = server.http()
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "last-event-id")
                .options("/book")
                .then()
                .statusCode(204)
                .extract()
                .header("Access-Control-Allow-Headers");
        assertEquals(true, allowed.contains("Last-Event-ID"), allowed);
    }
}
