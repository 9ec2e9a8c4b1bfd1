package tiddly.e2e.console;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tiddly.testing.Browser;
import tiddly.testing.TiddlyServer;

/**
 * The console at /_admin in a real Chromium, on a server without rules: it loads under its strict
 * CSP with nothing from elsewhere, browses, pages, sorts and filters through the public API.
 */
class ConsoleTest {
    private static Browser browser;

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    private ConsolePage page;

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

    @BeforeEach
    void newPage() {
        page = new ConsolePage(browser, server.port());
        browser.requests(); // forget the requests and messages of earlier tests
        browser.console();
    }

    @Test
    void aBrowserAtTheRootIsSentToTheConsoleWhichLoadsOnlyFromThisServerWithoutCspViolations() {
        browser.driver().get(page.base() + "/");
        browser.waiting(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tables li a")));
        assertEquals(page.base() + "/_admin", browser.driver().getCurrentUrl());
        List<String> tables = browser.driver().findElements(By.cssSelector("#tables li a")).stream()
                .map(element -> element.getText())
                .toList();
        assertEquals(List.of("author", "book", "dual", "genre", "user"), tables);
        List<String> requests = browser.requests();
        assertTrue(requests.contains(page.base() + "/_schema"), requests::toString);
        assertEquals(
                List.of(),
                requests.stream()
                        .filter(url -> !url.startsWith(page.base() + "/"))
                        .toList());
        assertEquals(
                List.of(),
                browser.console().stream()
                        .filter(message -> message.startsWith("SEVERE"))
                        .toList());
    }

    @Test
    void apiClientsAtTheRootStillGetTheJsonErrorAndThePageHasAStrictPolicy() {
        server.http().accept("application/json").get("/").then().statusCode(404).body("code", equalTo("no_route"));
        server.http().accept("*/*").get("/").then().statusCode(404);
        server.http()
                .redirects()
                .follow(false)
                .accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .get("/")
                .then()
                .statusCode(303)
                .header("Location", "_admin");
        server.http()
                .get("/_admin")
                .then()
                .statusCode(200)
                .contentType("text/html")
                .header("Content-Security-Policy", equalTo(tiddlyPolicy()));
        server.http().get("/_admin/grid.js").then().statusCode(200).contentType("text/javascript");
        server.http().get("/_admin/secret.txt").then().statusCode(404).body("code", equalTo("no_route"));
    }

    private static String tiddlyPolicy() {
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
                + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    @Test
    void theGridPagesWithTheNextCursorAndBack() {
        page.open("#/book");
        page.waitForColumn("id", ids(1, 25));
        page.screenshot("grid");
        page.click("#next");
        page.waitForColumn("id", ids(26, 50));
        page.click("#next");
        page.waitForColumn("id", ids(51, 60));
        assertTrue(!browser.driver().findElement(By.id("next")).isEnabled());
        page.click("#previous");
        page.waitForColumn("id", ids(26, 50));
    }

    @Test
    void clickingAHeaderSortsByItAndAgainSortsDescending() {
        page.open("#/author");
        page.waitForColumn("id", ids(1, 10));
        page.click("#grid th button[data-column='born']");
        page.waitForColumn(
                "born", List.of("null", "1899", "1914", "1921", "1923", "1929", "1947", "1948", "1964", "1977"));
        page.click("#grid th button[data-column='born']");
        page.waitForColumn(
                "born", List.of("1977", "1964", "1948", "1947", "1929", "1923", "1921", "1914", "1899", "null"));
        assertEquals(
                "descending",
                browser.driver()
                        .findElement(By.cssSelector("#grid th[aria-sort]"))
                        .getAttribute("aria-sort"));
        assertTrue(
                browser.driver().getCurrentUrl().endsWith("#/author?orderby=born+desc"),
                browser.driver().getCurrentUrl());
    }

    @Test
    void theFilterBuilderWritesTheWhereJsonAndTheRawEditorRunsIt() {
        page.open("#/book");
        page.waitForColumn("id", ids(1, 25));
        page.click("#filter-toggle");
        page.click("#add-condition");
        new Select(page.find("#filter .condition select[aria-label='column']")).selectByValue("author_id");
        new Select(page.find("#filter .condition select[aria-label='operator']")).selectByValue("eq");
        page.type("#filter .condition input", "3");
        page.click("#add-condition");
        List<org.openqa.selenium.WebElement> conditions =
                browser.driver().findElements(By.cssSelector("#filter .condition"));
        org.openqa.selenium.WebElement second = conditions.get(1);
        new Select(second.findElement(By.cssSelector("select[aria-label='column']"))).selectByValue("year");
        new Select(second.findElement(By.cssSelector("select[aria-label='operator']"))).selectByValue("gte");
        second.findElement(By.cssSelector("input")).sendKeys("1990");
        page.click("#apply-conditions");
        page.waitForColumn("id", List.of("3", "13", "23", "53"));
        assertEquals(
                "{\"and\":[{\"author_id\":3},{\"year\":{\"gte\":1990}}]}",
                page.find("#where-json").getAttribute("value"));
        page.screenshot("filter");
        page.type("#where-json", "{\"title\": {\"like\": \"Book 5_\"}, \"genre\": null}");
        page.click("#apply-where");
        page.waitForColumn("id", List.of("51", "55", "59"));
        page.type("#where-json", "{\"titel\": 1}");
        page.click("#apply-where");
        browser.waiting(30)
                .until(ExpectedConditions.textToBe(
                        By.id("grid-error"), "unknown column 'titel' in where of table 'book' (unknown_column)"));
    }

    @Test
    void foreignKeysLinkToTheReferencedRowAndBackToTheRowsThatReferToIt() {
        page.open("#/book");
        page.waitForColumn("id", ids(1, 25));
        page.click("#grid tbody tr:nth-child(3) td[data-column='author_id'] a");
        page.waitForColumn("name", List.of("Octavia E. Butler"));
        page.click("#grid tbody td.relation a");
        page.waitForColumn("id", List.of("3", "13", "23", "33", "43", "53"));
        assertTrue(
                browser.driver().getCurrentUrl().contains("#/book?where="),
                browser.driver().getCurrentUrl());
    }

    @Test
    void theColumnPickerSelectsColumnsAndKeepsTheKey() {
        page.open("#/book");
        page.waitForColumn("id", ids(1, 25));
        page.click("#columns-toggle");
        for (String column : new String[] {"year", "author_id", "genre", "in_print"}) {
            page.click("#column-" + column);
        }
        page.click("#apply-columns");
        browser.waiting(30).until(driver -> page.column("year").isEmpty());
        assertEquals(ids(1, 25), page.column("id"));
        assertEquals("Book 1", page.column("title").get(0));
        page.click("#view-copy summary");
        assertTrue(page.find("#view-copy .copy-curl")
                .getAttribute("textContent")
                .contains("\"select\":[\"id\",\"title\"]"));
    }

    @Test
    void aRowHoldingMarkupShowsItAsTextAndRunsNothing() {
        String title = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"><b>bold</b>";
        int id = server.http()
                .body(java.util.Map.of("title", title, "author_id", 1))
                .post("/book")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        page.open("#/book?where="
                + java.net.URLEncoder.encode("{\"id\": " + id + "}", java.nio.charset.StandardCharsets.UTF_8));
        page.waitForColumn("title", List.of(title));
        assertEquals(title, page.find("#grid tbody td[data-column='title']").getText());
        assertEquals(
                0,
                browser.driver()
                        .findElements(By.cssSelector("#grid img, #grid script, #grid b"))
                        .size());
        assertEquals(null, browser.script("return window.pwned === undefined ? null : window.pwned"));
        page.screenshot("markup-as-text");
    }

    @Test
    void countRowsAsksEachTableForItsCount() {
        page.open("");
        page.click("#count-rows");
        browser.waiting(30)
                .until(ExpectedConditions.textToBe(By.cssSelector("#tables .count[data-table='book']"), "60"));
        assertEquals("10", page.find("#tables .count[data-table='author']").getText());
    }

    @Test
    void theSchemaTabShowsColumnsKeysAndForeignKeys() {
        page.open("#/book");
        page.waitForGrid();
        page.click("#tab-schema");
        String schema = page.find("#schema-view").getText();
        assertTrue(schema.contains("Primary key: id"), schema);
        assertTrue(schema.contains("author_id → author.id"), schema);
        assertTrue(schema.contains("genre → genre.code"), schema);
        assertTrue(schema.contains("in_print BOOLEAN boolean"), schema);
        page.open("#/user");
        page.waitForGrid();
        page.click("#tab-schema");
        assertTrue(
                page.find("#schema-view").getText().contains("password TEXT text yes"),
                page.find("#schema-view").getText());
        page.screenshot("schema");
    }

    @Test
    void copyAsCurlAndFetchGiveTheRowsTheGridShowsWhenRun() throws Exception {
        page.open("#/book?where="
                + java.net.URLEncoder.encode("{\"author_id\": 2}", java.nio.charset.StandardCharsets.UTF_8)
                + "&orderby=year+desc&select=id,title,year");
        List<String> shown = List.of("42", "32", "22", "12", "52", "2");
        page.waitForColumn("id", shown);
        page.click("#view-copy summary");
        String curl = page.find("#view-copy .copy-curl").getText();
        assertTrue(curl.startsWith("curl \\\n  -X QUERY \\\n  '" + page.base() + "/book'"), curl);
        Process process = new ProcessBuilder("sh", "-c", curl + " --silent")
                .redirectErrorStream(true)
                .start();
        String answer = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), answer);
        io.restassured.path.json.JsonPath json = new io.restassured.path.json.JsonPath(answer);
        assertEquals(
                shown,
                json.getList("data.id", Integer.class).stream()
                        .map(String::valueOf)
                        .toList(),
                answer);
        assertTrue(answer.contains("\"_etag\""), answer);

        String fetch = page.find("#view-copy .copy-fetch").getText();
        assertTrue(fetch.startsWith("await fetch(\"" + page.base() + "/book\", {"), fetch);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> fetched = (java.util.Map<String, Object>) browser.driver()
                .executeAsyncScript("const done = arguments[arguments.length - 1];" + " (async () => (" + fetch
                        + "))().then(done, failure => done({failure: String(failure)}));");
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> rows = (List<java.util.Map<String, Object>>) fetched.get("data");
        assertEquals(
                shown, rows.stream().map(row -> String.valueOf(row.get("id"))).toList(), fetched::toString);

        String client = page.find("#view-copy .copy-client").getText();
        assertEquals(
                "import {connect} from \"" + page.base() + "/_client.js\";\n"
                        + "const db = await connect(\"" + page.base() + "\");\n"
                        + "await db.book.where({\"author_id\":2}).orderBy(\"year desc\").select(\"id\", \"title\", \"year\")"
                        + ".limit(25).all();",
                client);
        page.screenshot("copy-as");
    }

    private static List<String> ids(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to)
                .mapToObj(Integer::toString)
                .toList();
    }
}
