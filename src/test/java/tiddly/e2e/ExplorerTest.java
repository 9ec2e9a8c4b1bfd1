package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tiddly.testing.Browser;
import tiddly.testing.TiddlyServer;

/**
 * The API explorer at /_docs in real Chromium: it loads offline under its strict CSP, shows what
 * the caller may do, and its "Try it out" sends real requests, QUERY included, with the user's key.
 */
class ExplorerTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig("""
                    {"auth": {"api_keys": {"admin-key-0123456789abcdef": "admin"}},
                     "rules": {"anon": {"book": {"read": true}},
                               "admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}}}}""");

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static void click(Browser browser, String css) {
        browser.waiting(30)
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)))
                .click();
    }

    /** Opens an operation, runs it with "Try it out" and gives the status the page shows. */
    private static String tryItOut(Browser browser, String operation) {
        String block = "#operations-" + operation;
        click(browser, block + " .opblock-summary-control");
        click(browser, block + " .try-out__btn");
        click(browser, block + " .execute");
        WebElement status = browser.waiting(30)
                .until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector(block + " .live-responses-table tbody .response-col_status")));
        String shown = status.getText().strip();
        if (!shown.equals("200")) {
            System.out.println(browser.driver()
                    .findElement(By.cssSelector(block + " .responses-inner"))
                    .getText());
        }
        return shown;
    }

    @Test
    void theExplorerLoadsWithNoRequestOutsideTheServerAndNoCspViolation() {
        try (Browser browser = Browser.start()) {
            browser.driver().get(base() + "/_docs");
            browser.waiting(30).until(ExpectedConditions.presenceOfElementLocated(By.id("operations-book-listBook")));
            List<String> requests = browser.requests();
            assertTrue(requests.contains(base() + "/_openapi"), requests::toString);
            assertEquals(
                    List.of(),
                    requests.stream()
                            .filter(url -> !url.startsWith(base() + "/") && !url.startsWith("data:"))
                            .toList());
            assertEquals(
                    List.of(),
                    browser.console().stream()
                            .filter(message -> message.startsWith("SEVERE"))
                            .toList());
            assertTrue(browser.driver()
                    .findElements(By.id("operations-author-listAuthor"))
                    .isEmpty());
        }
    }

    @Test
    void tryItOutRunsAGetAndInTheOpenApi32DocumentAQueryAndAFetch() {
        try (Browser browser = Browser.start()) {
            browser.driver().get(base() + "/_docs");
            assertEquals("200", tryItOut(browser, "book-listBook"));
            browser.driver().get(base() + "/_docs?urls.primaryName=OpenAPI%203.2");
            assertEquals("200", tryItOut(browser, "book-queryBook"));
            assertEquals("200", tryItOut(browser, "book-fetchBook"));
        }
    }

    @Test
    void afterAuthorizingWithAnApiKeyTheExplorerShowsAndTriesWhatTheKeyMayDo() {
        try (Browser browser = Browser.start()) {
            browser.driver().get(base() + "/_docs");
            browser.waiting(30).until(ExpectedConditions.presenceOfElementLocated(By.id("operations-book-listBook")));
            click(browser, ".auth-wrapper .authorize");
            browser.waiting(30)
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux input")))
                    .sendKeys("admin-key-0123456789abcdef");
            click(browser, ".modal-ux .auth-btn-wrapper .authorize");
            click(browser, ".modal-ux .btn-done");
            browser.waiting(30)
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("operations-author-listAuthor")));
            assertEquals("200", tryItOut(browser, "author-listAuthor"));
        }
    }
}
