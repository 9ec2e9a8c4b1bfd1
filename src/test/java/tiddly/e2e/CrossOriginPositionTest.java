package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tiddly.Tiddly;
import tiddly.testing.Browser;
import tiddly.testing.PostgresReplication;
import tiddly.testing.ReplicatedTiddly;

/**
 * Tiddly-Position across origins in a real browser: a page of another origin imports the
 * JavaScript client and uses it through a round-robin fetch over two Tiddly instances on one
 * PostgreSQL primary whose replica has paused its replay (as in CrossInstanceReadsTest). The write's
 * position is readable only if CORS exposes the header, and a read may carry it only if the preflight
 * allows it: every read of the new row, through either instance, finds it only when both hold. A read
 * without the position misses it, which shows the test can fail. Skipped without Chromium or
 * PostgreSQL 15's binaries (CI installs both: .ci/run).
 */
class CrossOriginPositionTest {
    private static final String NAME = "Written from another origin";

    private static Browser browser;
    private static HttpServer pages;
    private static PostgresReplication cluster;
    private static Tiddly a;
    private static Tiddly b;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.start();
        String origin = "http://127.0.0.1:" + pages.getAddress().getPort();
        cluster = ReplicatedTiddly.startCluster("CrossOriginPositionTest");
        a = ReplicatedTiddly.start(cluster, Duration.ofHours(1), settings -> settings.withCorsOrigins(List.of(origin)));
        b = ReplicatedTiddly.start(cluster, Duration.ofHours(1), settings -> settings.withCorsOrigins(List.of(origin)));
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.stop(0);
        }
        ReplicatedTiddly.close(browser, a, b, cluster);
    }

    /**
     * Serves at /position.html a page that connects the client to A through a fetch that alternates
     * between A and B, logs each request's Tiddly-Position sent and received, writes a row, reads it
     * four times, then asks the instance that did not take the write without a position.
     */
    private static void servePage() {
        byte[] html = """
                <!doctype html><html><body><p id="state">running</p>
                <script type="module">
                const params = new URLSearchParams(location.search);
                const a = params.get("a"), b = params.get("b");
                const log = [];
                let next = 0;
                async function balanced(target, init = {}) {
                  const base = [a, b][next++ %% 2];
                  const response = await fetch(String(target).replace(a, base), init);
                  log.push({method: init.method ?? "GET", on: base === a ? "A" : "B",
                    sent: init.headers?.["Tiddly-Position"] ?? null, status: response.status,
                    received: response.headers.get("Tiddly-Position")});
                  return response;
                }
                try {
                  const {connect} = await import(a + "/_client.js");
                  const db = await connect(a, {fetch: balanced});
                  const author = await db.author.create({name: "%s"});
                  const names = [];
                  for (let i = 0; i < 4; i++) names.push((await db.author.get(author.id)).name);
                  const writer = log.find((entry) => entry.method === "POST").on;
                  const stale = await fetch((writer === "A" ? b : a) + "/author/" + author.id,
                    {headers: {Accept: "application/json"}});
                  window.results = {names, log, stale: stale.status};
                } catch (error) {
                  window.results = {failed: `${error.message} ${error.code}`, log};
                }
                document.getElementById("state").textContent = "done";
                </script></body></html>""".formatted(NAME).getBytes(StandardCharsets.UTF_8);
        pages.createContext("/position.html", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(html);
            }
        });
    }

    @Test
    void aPageOfAnotherOriginReadsTheWritesPositionAndSendsItBackThroughEitherInstance() throws Exception {
        cluster.awaitReplayed();
        // until their pollers have seen the replica, both instances read on the primary, which misses nothing
        ReplicatedTiddly.awaitReplicaReads(a);
        ReplicatedTiddly.awaitReplicaReads(b);
        servePage();
        cluster.pauseReplay();
        JsonObject results;
        try {
            browser.driver()
                    .get("http://127.0.0.1:" + pages.getAddress().getPort() + "/position.html?a=http://127.0.0.1:"
                            + a.port() + "&b=http://127.0.0.1:" + b.port());
            browser.waiting(60).until(ExpectedConditions.textToBe(By.id("state"), "done"));
            results = JsonParser.parseString((String) browser.script("return JSON.stringify(window.results)"))
                    .getAsJsonObject();
        } finally {
            cluster.resumeReplay();
        }
        assertFalse(results.has("failed"), results.toString());
        List<JsonObject> log = new ArrayList<>();
        results.getAsJsonArray("log").forEach(entry -> log.add(entry.getAsJsonObject()));
        JsonObject write = log.stream()
                .filter(entry -> entry.get("method").getAsString().equals("POST"))
                .findFirst()
                .orElseThrow();
        assertEquals(201, write.get("status").getAsInt(), write.toString());
        String position = text(write.get("received")); // readable only when CORS exposes it
        assertTrue(position.matches("[0-9A-F]{16}"), "the write's position, as the page read it: " + write);

        List<JsonObject> reads = log.subList(log.indexOf(write) + 1, log.size());
        Set<String> instances = new HashSet<>();
        for (JsonObject read : reads) {
            String sent = text(read.get("sent"));
            assertTrue(sent.compareTo(position) >= 0, "each read sends the write's position (or a later one): " + read);
            assertEquals(200, read.get("status").getAsInt(), read.toString());
            instances.add(read.get("on").getAsString());
        }
        assertEquals(Set.of("A", "B"), instances, "the reads went through both instances: " + log);
        List<String> names = new ArrayList<>();
        results.getAsJsonArray("names").forEach(name -> names.add(name.getAsString()));
        assertEquals(List.of(NAME, NAME, NAME, NAME), names);
        assertEquals(
                404,
                results.get("stale").getAsInt(),
                "without the position, the instance that did not take the write reads the paused replica");
    }

    private static String text(JsonElement value) {
        return value == null || value.isJsonNull() ? "" : value.getAsString();
    }
}
