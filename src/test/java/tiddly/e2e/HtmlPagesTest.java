package tiddly.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * HTML by Accept: a browser that asks for text/html gets GET /t and GET /t/k as plain, escaped
 * pages with relative links (record pages, related rows, the next page), and errors as pages;
 * every other client keeps JSON. Under rules, the page shows what the caller's JSON would.
 */
class HtmlPagesTest {
    /** What Chromium sends when it navigates to a page. */
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
            + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

    private static final String ADMIN_KEY = "html-admin-key-0123456789abcdef";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig("""
            {
              "auth": {"api_keys": {"%s": "admin"}},
              "rules": {
                "anon": {"book": {"read": true}, "author": {"read": true, "hidden": ["born"]}},
                "admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}}
              }
            }""".formatted(ADMIN_KEY));

    private RequestSpecification page() {
        return server.http().accept(BROWSER);
    }

    private RequestSpecification admin() {
        return server.http().header("X-API-Key", ADMIN_KEY);
    }

    private int insertBook(String title) {
        return admin().body("{\"title\": " + json(title) + ", \"year\": 2001, \"author_id\": 3}")
                .post("/book")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String where(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    @Test
    void aBrowsersAcceptGetsATablePageWithHeadersRowsAndLinks() {
        String body = page().get("/book?limit=2")
                .then()
                .statusCode(200)
                .contentType("text/html;charset=utf-8")
                .header("Content-Security-Policy", startsWith("default-src 'none'; style-src 'self'"))
                .header("Vary", containsString("Accept"))
                .header("ETag", (String) null)
                .extract()
                .asString();
        assertTrue(body.startsWith("<!doctype html>"), body);
        assertTrue(body.contains("<th scope=\"col\">id</th><th scope=\"col\">title</th>"), body);
        assertTrue(body.contains("<td><a href=\"./book/1\">1</a></td><td>Book 1</td>"), body); // the record page
        assertTrue(body.contains("<a href=\"./author/1\">1</a>"), body); // a foreign key to the related row
        assertTrue(body.contains("<a href=\"./genre/fantasy\">fantasy</a>") == false, body); // genre is not readable
        assertTrue(body.contains("<link rel=\"stylesheet\" href=\"./_html/style.css\">"), body);
        assertTrue(body.contains("<a rel=\"next\" href=\"?limit=2&amp;cursor="), body);
        assertFalse(body.contains("<script"), body);
    }

    @Test
    void everyValueIsEscaped() {
        int id = insertBook("<script>alert(1)</script> \"'&");
        String list =
                page().get("/book?id=" + id).then().statusCode(200).extract().asString();
        String record =
                page().get("/book/" + id).then().statusCode(200).extract().asString();
        for (String body : new String[] {list, record}) {
            assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp;"), body);
            assertFalse(body.contains("<script>"), body);
            assertFalse(body.contains("\"'&"), body);
        }
    }

    @Test
    void aRecordPageLinksToRelatedRowsAndToTheRowsThatReferToIt() {
        String author = page().get("/author/3")
                .then()
                .statusCode(200)
                .contentType("text/html;charset=utf-8")
                .header("Content-Security-Policy", startsWith("default-src 'none'; style-src 'self'"))
                .header("Vary", containsString("Accept"))
                .header("ETag", (String) null)
                .extract()
                .asString();
        assertTrue(author.contains("<th scope=\"row\">name</th><td>Octavia E. Butler</td>"), author);
        assertTrue(author.contains("<a href=\"../book?where=" + where("{\"author_id\":3}") + "\">"), author);
        assertTrue(author.contains("<link rel=\"stylesheet\" href=\"../_html/style.css\">"), author);
        String book = page().get("/book/3").then().statusCode(200).extract().asString();
        assertTrue(book.contains("<th scope=\"row\">author_id</th><td><a href=\"../author/3\">3</a></td>"), book);
        assertTrue(book.contains("<th scope=\"row\">genre</th><td class=\"null\">null</td>"), book);
    }

    @Test
    void theReferencingLinkListsThoseRows() {
        page().urlEncodingEnabled(false)
                .get("/book?where=" + where("{\"author_id\":3}"))
                .then()
                .statusCode(200)
                .body(containsString("<td><a href=\"./book/3\">3</a></td><td>Book 3</td>"))
                .body(not(containsString("Book 1<")));
    }

    @Test
    void hiddenAndRoleHiddenColumnsAreNeverShown() {
        String authors = page().get("/author").then().statusCode(200).extract().asString();
        assertFalse(authors.contains("born"), authors);
        assertFalse(authors.contains("1947"), authors);
        String author = page().get("/author/3").then().statusCode(200).extract().asString();
        assertFalse(author.contains("born"), author);
        String users = admin().accept(BROWSER)
                .get("/user")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(users.contains("alice@example.com"), users);
        assertFalse(users.contains("password"), users);
        assertFalse(users.contains("$2"), users);
    }

    @Test
    void theCallersRulesApply() {
        page().get("/user")
                .then()
                .statusCode(401)
                .contentType("text/html;charset=utf-8")
                .body(containsString("<code>unauthenticated</code>"));
        admin().accept(BROWSER).get("/user/1").then().statusCode(200).body(containsString("Alice"));
    }

    @Test
    void theNextLinkIsTheJsonNextCursorAndLeadsToTheNextPage() {
        String query = "/book?orderby=year+desc&year%5Bgte%5D=1990&limit=3";
        String cursor = server.http()
                .urlEncodingEnabled(false)
                .get(query)
                .then()
                .statusCode(200)
                .extract()
                .path("next");
        String first = page().urlEncodingEnabled(false)
                .get(query)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher next = Pattern.compile("<a rel=\"next\" href=\"([^\"]*)\">").matcher(first);
        assertTrue(next.find(), first);
        String href = next.group(1).replace("&amp;", "&");
        assertEquals("?orderby=year+desc&year%5Bgte%5D=1990&limit=3&cursor=" + cursor, href);
        String second = page().urlEncodingEnabled(false)
                .get("/book" + href)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Response json = server.http().urlEncodingEnabled(false).get(query + "&cursor=" + cursor);
        for (Object title : json.jsonPath().getList("data.title")) {
            assertTrue(second.contains("<td>" + title + "</td>"), second);
        }
        assertTrue(second.contains("<a rel=\"first\" href=\"?orderby=year+desc&amp;year%5Bgte%5D=1990&amp;limit=3\">"));
    }

    @Test
    void errorsArePagesWithTheStatusTheMessageAndTheCode() {
        String missing = page().get("/book/999")
                .then()
                .statusCode(404)
                .contentType("text/html;charset=utf-8")
                .header("Content-Security-Policy", startsWith("default-src 'none'"))
                .header("Vary", containsString("Accept"))
                .extract()
                .asString();
        assertTrue(missing.contains("<h1>404 <code>row_not_found</code></h1>"), missing);
        assertTrue(missing.contains("<p class=\"error\">no row of &#39;book&#39; has that key</p>"), missing);
        page().get("/nope")
                .then()
                .statusCode(404)
                .contentType("text/html;charset=utf-8")
                .body(containsString("<code>unknown_table</code>"));
        page().get("/book?titel=<b>")
                .then()
                .statusCode(400)
                .contentType("text/html;charset=utf-8")
                .body(containsString("<code>unknown_column</code>"))
                .body(not(containsString("<b>")));
        page().get("/book/1/x")
                .then()
                .statusCode(404)
                .contentType("text/html;charset=utf-8")
                .header("Vary", containsString("Accept"))
                .body(containsString("<h1>404 <code>no_route</code></h1>"))
                .body(containsString("href=\"../../_html/style.css\""));
    }

    @Test
    void jsonStaysTheDefaultForEveryOtherAccept() {
        for (String accept : new String[] {
            "*/*",
            "application/json",
            "text/html, application/json",
            "text/html;q=0.5, application/json",
            "text/*;q=0.9, application/json",
            "image/png, */*;q=0.1",
            "text/html;q=0", // "anything but HTML": Spark matched no route for it (a 404 no_route)
            "text/html;q=0, application/json;q=0"
        }) {
            server.http()
                    .accept(accept)
                    .get("/book?limit=1")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("success"));
            server.http().accept(accept).get("/book/1").then().statusCode(200).body("data.id", equalTo(1));
            server.http().accept(accept).get("/book/999").then().statusCode(404).body("code", equalTo("row_not_found"));
        }
        server.http().get("/book/1").then().statusCode(200).header("Vary", containsString("Accept"));
        for (String accept :
                new String[] {"text/html", "application/json;q=0.5, text/html", "text/*, application/json;q=0.9"}) {
            server.http().accept(accept).get("/book/1").then().statusCode(200).contentType("text/html;charset=utf-8");
        }
    }

    @Test
    void onlyReadsArePages() {
        admin().accept(BROWSER)
                .body("{\"title\": \"Written\", \"author_id\": 1}")
                .post("/book")
                .then()
                .statusCode(201)
                .contentType("application/json;charset=utf-8");
        server.http()
                .accept(BROWSER)
                .body("{\"limit\": 1}")
                .request("QUERY", "/book")
                .then()
                .statusCode(200)
                .contentType("application/json;charset=utf-8");
        page().accept("text/csv, " + BROWSER)
                .get("/book?limit=1")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"));
    }

    @Test
    void theStylesheetComesFromTheJarAndAHeadAnswersLikeAGet() {
        server.http()
                .get("/_html/style.css")
                .then()
                .statusCode(200)
                .contentType("text/css;charset=utf-8")
                .body(containsString("td.null"));
        page().head("/book/1").then().statusCode(200).contentType("text/html;charset=utf-8");
    }
}
