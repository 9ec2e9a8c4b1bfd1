package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import tiddly.testing.Browser;
import tiddly.testing.TiddlyServer;

/**
 * The HTML pages in a real Chromium with JavaScript off: a table page renders with its
 * stylesheet, values show as text, and a reader moves by links alone: the next page, a record, a
 * related row, the rows that refer to it. Every request stays on the server.
 */
class HtmlPagesBrowserTest {
    private static final String TRAP = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    private static List<String> column(WebDriver driver, int index) {
        return driver.findElements(By.cssSelector("tbody tr td:nth-child(" + index + ")")).stream()
                .map(WebElement::getText)
                .toList();
    }

    @Test
    void aReaderPagesAndFollowsLinksWithoutJavaScript() {
        server.http()
                .body("{\"id\": 61, \"title\": \"" + TRAP.replace("\"", "\\\"") + "\", \"author_id\": 3}")
                .post("/book")
                .then()
                .statusCode(201);
        String base = "http://127.0.0.1:" + server.port();
        try (Browser browser = Browser.withoutJavaScript()) {
            WebDriver driver = browser.driver();
            driver.get("data:text/html,<title>off</title><script>document.title='on'</script>");
            assertEquals("off", driver.getTitle()); // JavaScript is off indeed
            browser.requests(); // from here on, only the server's pages
            driver.get(base + "/book?orderby=id+desc&limit=4");
            assertEquals("book", driver.getTitle());
            assertEquals(
                    List.of("id", "title", "year", "author_id", "genre", "in_print"),
                    driver.findElements(By.cssSelector("thead th")).stream()
                            .map(WebElement::getText)
                            .toList());
            assertEquals(List.of("61", "60", "59", "58"), column(driver, 1));
            assertEquals(TRAP, column(driver, 2).get(0)); // text, not markup
            assertFalse(driver.getPageSource().contains("<script"), driver.getPageSource());
            WebElement none = driver.findElement(By.cssSelector("td.null"));
            assertEquals("italic", none.getCssValue("font-style")); // the stylesheet loaded

            driver.findElement(By.linkText("Next page")).click();
            assertTrue(driver.getCurrentUrl().contains("cursor="), driver.getCurrentUrl());
            assertEquals(List.of("57", "56", "55", "54"), column(driver, 1));
            driver.findElement(By.linkText("Next page")).click();
            assertEquals(List.of("53", "52", "51", "50"), column(driver, 1));
            driver.findElement(By.linkText("First page")).click();
            assertEquals(List.of("61", "60", "59", "58"), column(driver, 1));

            driver.findElement(By.linkText("61")).click(); // the record page
            assertEquals(base + "/book/61", driver.getCurrentUrl());
            assertTrue(driver.findElement(By.tagName("body")).getText().contains(TRAP));
            driver.findElement(By.linkText("3")).click(); // author_id: the related row
            assertEquals(base + "/author/3", driver.getCurrentUrl());
            assertTrue(driver.findElement(By.tagName("h1")).getText().startsWith("author 3"));
            driver.findElement(By.partialLinkText("book where author_id = 3")).click();
            assertTrue(column(driver, 2).contains(TRAP), column(driver, 2).toString());
            assertTrue(
                    column(driver, 4).stream().allMatch("3"::equals),
                    column(driver, 4).toString());

            driver.get(base + "/book/999");
            assertEquals("404 row_not_found", driver.getTitle());

            for (String url : browser.requests()) {
                assertTrue(url.startsWith(base + "/"), url);
            }
            assertFalse(
                    browser.console().stream().anyMatch(line -> line.contains("Content Security Policy")),
                    browser.console().toString());
        }
    }
}
