package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.Settings;
import tiddly.testing.OpenApiDocuments;
import tiddly.testing.TiddlyServer;

/** {@code --base-path}: every route, the reserved ones too, answers under the prefix and nowhere else. */
class BasePathTest {
    /** A link or an asset in a page: href="…" or src="…", not a fragment. */
    private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"#][^\"]*)\"");

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withBasePath("/api/v1/"));

    @Test
    void tablesAndReservedRoutesAnswerUnderThePrefix() {
        server.http().get("/api/v1/book/1").then().statusCode(200).body("data.title", equalTo("Book 1"));
        server.http().get("/api/v1/_schema").then().statusCode(200);
        server.http().get("/api/v1/_health").then().statusCode(200);
        server.http().get("/api/v1/_info").then().statusCode(200).body("data.name", equalTo("Tiddly"));
        server.http()
                .body("[{\"method\": \"GET\", \"table\": \"book\", \"key\": 2}]")
                .post("/api/v1/_batch")
                .then()
                .statusCode(200)
                .body("data[0].data.id", equalTo(2));
        server.http()
                .body("{\"title\": \"New\", \"author_id\": 1}")
                .post("/api/v1/book")
                .then()
                .statusCode(201);
    }

    @Test
    void pathsOutsideThePrefixAreA404Envelope() {
        server.http()
                .get("/book/1")
                .then()
                .statusCode(404)
                .body("code", equalTo("no_route"))
                .body("error", equalTo("no route for GET /book/1 (this server serves under /api/v1)"));
        server.http().get("/_health").then().statusCode(404).body("code", equalTo("no_route"));
        server.http().get("/api/v1book").then().statusCode(404);
    }

    @Test
    void cursorsWorkUnderThePrefix() {
        String next = server.http()
                .body("{\"orderby\": \"id\", \"limit\": 2}")
                .request("FETCH", "/api/v1/book")
                .then()
                .statusCode(200)
                .body("next", notNullValue())
                .extract()
                .path("next");
        server.http()
                .body("{\"orderby\": \"id\", \"limit\": 2, \"cursor\": \"" + next + "\"}")
                .request("FETCH", "/api/v1/book")
                .then()
                .statusCode(200)
                .body("data.id", contains(3, 4));
    }

    @Test
    void aPrefixIsNormalizedAndAnInvalidOneRefused() {
        assertEquals("/api", Settings.defaults().withBasePath("api/").basePath());
        assertEquals("", Settings.defaults().withBasePath("/").basePath());
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withBasePath("/_admin"));
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withBasePath("/a b"));
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withBasePath("/api/.."));
    }

    @Test
    void theOpenApiDocumentNamesThePrefixAsItsServer() {
        String json = server.http()
                .get("/api/v1/_openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(
                "[{\"url\":\"/api/v1\"}]",
                JsonParser.parseString(json).getAsJsonObject().get("servers").toString());
        assertEquals(List.of(), OpenApiDocuments.problems31(json));
        server.http().get("/api/v1/_openapi").then().body("paths", hasKey("/book/{id}"));
    }

    @Test
    void aBrowserAtThePrefixIsSentToTheConsoleUnderIt() {
        for (String root : List.of("/api/v1", "/api/v1/")) {
            String location = server.http()
                    .redirects()
                    .follow(false)
                    .header("Accept", "text/html")
                    .get(root)
                    .then()
                    .statusCode(303)
                    .extract()
                    .header("Location");
            assertEquals(
                    "/api/v1/_admin",
                    URI.create("http://x" + root).resolve(location).getPath(),
                    root);
        }
    }

    /** Every page Tiddly serves: each link and asset it names resolves under the prefix, and answers. */
    @Test
    void everyLinkOfThePagesItServesResolvesUnderThePrefix() {
        List<String> pages =
                List.of("/api/v1/book", "/api/v1/book/1", "/api/v1/author?limit=2", "/api/v1/_admin", "/api/v1/_docs");
        List<String> checked = new ArrayList<>();
        for (String page : pages) {
            String html = server.http()
                    .header("Accept", "text/html")
                    .get(page)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            Matcher links = LINK.matcher(html);
            while (links.find()) {
                URI target =
                        URI.create("http://x" + page).resolve(links.group(1).replace("&amp;", "&"));
                if (!target.getHost().equals("x")) {
                    continue;
                }
                assertTrue(target.getPath().startsWith("/api/v1/"), page + " links to " + target);
                String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
                server.http()
                        .urlEncodingEnabled(false)
                        .header("Accept", "text/html,*/*")
                        .get(path)
                        .then()
                        .statusCode(200);
                checked.add(path);
            }
        }
        assertTrue(checked.size() >= pages.size(), "links were found: " + checked);
    }
}
