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

    private static List<String> ids(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to)
                .mapToObj(Integer::toString)
                .toList();
    }
}
