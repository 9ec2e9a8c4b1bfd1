package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tiddly.testing.Browser;
import tiddly.testing.TiddlyServer;

/**
 * A page of another origin (a second HTTP server on another port) uses every verb through a real
 * Chromium's fetch(): it signs in, then POST, PUT with If-Match, QUERY, FETCH, GET and DELETE with
 * a bearer token and JSON bodies, so each needs a preflight, and reads the envelopes and the
 * headers the docs say are exposed. Tiddly is set up as docs/API.md's CORS section says: the
 * app's origin in --cors-origins. A page of an origin not named reads nothing.
 */
class CrossOriginFetchTest {
    private final HttpServer app = pageServer();
    private final HttpServer stranger = pageServer();
    private final String origin = "http://127.0.0.1:" + app.getAddress().getPort();

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withCorsOrigins(List.of(origin)))
            .withConfig("""
                    {
                      "auth": {
                        "jwt_secret": "cross-origin-test-secret-8f3a1c9e7b2d4f60a5",
                        "users": {"table": "user", "identity": "email", "password": "password"}
                      },
                      "rules": {
                        "user": {"author": {"read": true, "insert": true, "update": true, "delete": true},
                                 "book": {"read": true}}
                      }
                    }""");

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
    void stopPages() {
        app.stop(0);
        stranger.stop(0);
    }

    /**
     * Serves at / a page whose script runs the calls in order, each step's status, headers and
     * envelope into {@code results}, and then says "done".
     */
    private static void serve(HttpServer page, String tiddly) {
        String html = """
                <!doctype html><html><body><p id="state">running</p>
                <script>
                const api = %s;
                const results = [];
                let token = null;
                async function call(step, method, path, body, headers = {}) {
                  const init = {method, headers: {"Content-Type": "application/json", ...headers}};
                  if (token) init.headers.Authorization = "Bearer " + token;
                  if (body !== undefined) init.body = JSON.stringify(body);
                  try {
                    const response = await fetch(api + path, init);
                    const result = {step, status: response.status, envelope: await response.json(),
                      etag: response.headers.get("ETag"), requestId: response.headers.get("X-Request-Id"),
                      totalCount: response.headers.get("X-Total-Count"), allow: response.headers.get("Allow")};
                    results.push(result);
                    return result;
                  } catch (error) {
                    results.push({step, failed: String(error)});
                    return null;
                  }
                }
                (async () => {
                  const login = await call("login", "POST", "/_login", {email: "alice@example.com", password: "alice-secret"});
                  token = login && login.envelope.data ? login.envelope.data.token : null;
                  if (token) {
                    const created = await call("post", "POST", "/author", {name: "Cross Origin", born: 1990});
                    const id = created.envelope.data.id;
                    const updated = await call("put", "PUT", "/author/" + id, {born: 1991}, {"If-Match": created.etag});
                    await call("stale", "PUT", "/author/" + id, {born: 1992}, {"If-Match": created.etag});
                    await call("query", "QUERY", "/author", {where: {id}, select: ["id", "name", "born"]});
                    await call("fetch", "FETCH", "/book", {where: {author_id: 3}, limit: 2, count: true});
                    await call("get", "GET", "/author/" + id);
                    await call("delete", "DELETE", "/author/" + id, undefined, {"If-Match": updated.etag});
                    await call("gone", "GET", "/author/" + id);
                    await call("refused", "POST", "/book", {title: "Not allowed"});
                    await call("patch", "PATCH", "/author", {});
                  }
                  document.getElementById("state").textContent = "done";
                })();
                </script></body></html>""".formatted("\"" + tiddly + "\"");
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        page.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        });
    }

    /** Opens {@code page}'s / and gives its results by step. */
    private static Map<String, JsonObject> run(Browser browser, HttpServer page) {
        browser.driver().get("http://127.0.0.1:" + page.getAddress().getPort() + "/");
        browser.waiting(60).until(ExpectedConditions.textToBe(By.id("state"), "done"));
        JsonArray results = JsonParser.parseString((String) browser.script("return JSON.stringify(results)"))
                .getAsJsonArray();
        Map<String, JsonObject> byStep = new LinkedHashMap<>();
        results.forEach(
                result -> byStep.put(result.getAsJsonObject().get("step").getAsString(), result.getAsJsonObject()));
        return byStep;
    }

    private static int status(Map<String, JsonObject> results, String step) {
        JsonObject result = results.get(step);
        assertTrue(result.has("status"), step + ": " + result);
        return result.get("status").getAsInt();
    }

    private static JsonObject data(Map<String, JsonObject> results, String step) {
        return results.get(step).getAsJsonObject("envelope").getAsJsonObject("data");
    }

    @Test
    void aPageOfTheNamedOriginUsesEveryVerbThroughFetch() {
        String tiddly = "http://127.0.0.1:" + server.port();
        serve(app, tiddly);
        serve(stranger, tiddly);
        try (Browser browser = Browser.start()) {
            Map<String, JsonObject> results = run(browser, app);

            assertEquals(200, status(results, "login"), results.toString());
            assertEquals(201, status(results, "post"), results.toString());
            assertEquals("Cross Origin", data(results, "post").get("name").getAsString());
            String created = results.get("post").get("etag").getAsString();
            assertTrue(created.startsWith("\""), created); // an exposed header, readable by the script
            assertEquals(16, results.get("post").get("requestId").getAsString().length());

            assertEquals(200, status(results, "put"), results.toString());
            assertEquals(1991, data(results, "put").get("born").getAsInt());
            assertNotEquals(created, results.get("put").get("etag").getAsString());
            assertEquals(412, status(results, "stale"), results.toString());
            assertEquals(
                    "etag_mismatch",
                    results.get("stale").getAsJsonObject("envelope").get("code").getAsString());

            assertEquals(200, status(results, "query"), results.toString());
            assertEquals(
                    "Cross Origin",
                    results.get("query")
                            .getAsJsonObject("envelope")
                            .getAsJsonArray("data")
                            .get(0)
                            .getAsJsonObject()
                            .get("name")
                            .getAsString());
            assertEquals(200, status(results, "fetch"), results.toString());
            assertEquals(
                    2,
                    results.get("fetch")
                            .getAsJsonObject("envelope")
                            .getAsJsonArray("data")
                            .size());
            assertEquals("6", results.get("fetch").get("totalCount").getAsString());
            assertTrue(results.get("fetch").getAsJsonObject("envelope").has("next"));

            assertEquals(200, status(results, "get"), results.toString());
            assertEquals(results.get("put").get("etag"), results.get("get").get("etag"));
            assertEquals(200, status(results, "delete"), results.toString());
            assertEquals(404, status(results, "gone"), results.toString());
            assertEquals(
                    "row_not_found",
                    results.get("gone").getAsJsonObject("envelope").get("code").getAsString());
            assertEquals(403, status(results, "refused"), results.toString());
            assertEquals(
                    "forbidden",
                    results.get("refused")
                            .getAsJsonObject("envelope")
                            .get("code")
                            .getAsString());
            // PATCH is no verb of Tiddly's: the preflight does not allow it, so the browser never sends it
            assertTrue(results.get("patch").has("failed"), results.toString());

            Map<String, JsonObject> refused = run(browser, stranger);
            assertTrue(refused.get("login").has("failed"), refused.toString()); // the browser blocks the answer
            assertEquals(1, refused.size(), refused.toString());
        }
    }
}
