package tiddly.e2e.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tiddly.testing.Browser;
import tiddly.testing.TiddlyServer;

/**
 * Writing through the console in a real Chromium: an edit with If-Match and a 412 to resolve, an
 * insert whose validation errors appear beside their fields, a delete after a confirmation, and
 * rows that other clients change appearing live.
 */
class ConsoleWriteTest {
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
    }

    private String row(String table, String key) {
        return "#grid tbody tr[data-key='[" + key + "]']";
    }

    @Test
    void editingACellSendsIfMatchAndAConflictLetsTheUserKeepTheirsOrOverwrite() {
        page.open("#/book");
        page.waitForGrid();
        new Actions(browser.driver())
                .doubleClick(page.find(row("book", "1") + " td[data-column='title']"))
                .perform();
        browser.waiting(30)
                .until(driver ->
                        "field-title".equals(driver.switchTo().activeElement().getAttribute("id")));
        page.type("#field-title", "Mine");
        server.http()
                .body(Map.of("title", "Theirs", "year", 1988))
                .put("/book/1")
                .then()
                .statusCode(200);
        page.click("#save");
        String conflict = page.find("#conflict").getText();
        assertTrue(conflict.contains("Theirs") && conflict.contains("1988") && conflict.contains("Mine"), conflict);
        page.click("#write-copy summary");
        assertTrue(page.find("#write-copy .copy-curl").getText().contains("-H 'If-Match: \""), "the PUT sent If-Match");
        page.screenshot("conflict");
        page.click("#keep-mine");
        browser.waiting(30).until(ExpectedConditions.invisibilityOfElementLocated(By.id("editor")));
        browser.waiting(30)
                .until(driver -> driver.findElement(By.cssSelector(row("book", "1") + " td[data-column='title']"))
                        .getText()
                        .equals("Mine"));
        assertEquals("Mine", server.scalar("SELECT title FROM book WHERE id = 1"));
        assertEquals(1988, server.scalar("SELECT year FROM book WHERE id = 1"));

        page.click(row("book", "2") + " button.edit");
        page.type("#field-year", "1954");
        server.http()
                .body(Map.of("title", "Changed elsewhere"))
                .put("/book/2")
                .then()
                .statusCode(200);
        page.click("#save");
        page.click("#take-theirs");
        browser.waiting(30)
                .until(driver -> driver.findElement(By.id("field-title"))
                        .getAttribute("value")
                        .equals("Changed elsewhere"));
        page.type("#field-year", "1955");
        page.click("#save");
        browser.waiting(30).until(ExpectedConditions.invisibilityOfElementLocated(By.id("editor")));
        assertEquals(1955, server.scalar("SELECT year FROM book WHERE id = 2"));
        assertEquals("Changed elsewhere", server.scalar("SELECT title FROM book WHERE id = 2"));
    }

    @Test
    void insertingShowsEveryValidationErrorBesideItsFieldThenAddsTheRow() {
        page.open("#/book");
        page.waitForGrid();
        page.click("#insert");
        page.type("#field-year", "abc");
        page.click("#save");
        browser.waiting(30).until(ExpectedConditions.textToBe(By.id("error-title"), "is required"));
        assertEquals("is required", page.find("#error-author_id").getText());
        assertEquals("expects an integer, got \"abc\"", page.find("#error-year").getText());
        assertEquals(
                "3 columns have invalid values: see details (invalid_value)",
                page.find("#editor-error").getText());
        page.screenshot("validation");
        page.type("#field-title", "A new book");
        page.type("#field-year", "2001");
        page.type("#field-author_id", "1");
        new org.openqa.selenium.support.ui.Select(page.find("#field-in_print")).selectByValue("false");
        page.click("#save");
        browser.waiting(30).until(ExpectedConditions.invisibilityOfElementLocated(By.id("editor")));
        browser.waiting(30)
                .until(driver ->
                        !driver.findElements(By.cssSelector(row("book", "61"))).isEmpty());
        assertEquals(
                List.of("61", "A new book", "2001", "1", "null", "false"),
                browser.driver().findElements(By.cssSelector(row("book", "61") + " td[data-column]")).stream()
                        .map(cell -> cell.getText())
                        .toList());
        server.http()
                .get("/book/61")
                .then()
                .statusCode(200)
                .body("data.in_print", org.hamcrest.Matchers.equalTo(false));
    }

    @Test
    void deletingAsksFirstAndSendsIfMatch() {
        page.open("#/book");
        page.waitForGrid();
        page.click(row("book", "7") + " button.delete");
        assertEquals(
                "Delete the row of book with id 7?", page.find("#confirm-text").getText());
        page.click("#confirm-no");
        browser.waiting(30).until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
        assertEquals(1, server.scalar("SELECT count(*) FROM book WHERE id = 7"));
        page.click(row("book", "7") + " button.delete");
        page.click("#delete-copy summary");
        page.click("#confirm-yes");
        browser.waiting(30)
                .until(driver -> driver.findElement(By.cssSelector("#delete-copy .copy-curl"))
                        .getAttribute("textContent")
                        .contains("-H 'If-Match: \""));
        browser.waiting(30).until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
        browser.waiting(30)
                .until(driver ->
                        driver.findElements(By.cssSelector(row("book", "7"))).isEmpty());
        assertEquals(0, server.scalar("SELECT count(*) FROM book WHERE id = 7"));
    }

    @Test
    void theGridShowsRowsThatOtherClientsInsertUpdateAndDelete() {
        page.open("#/author");
        page.waitForGrid();
        browser.waiting(30).until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
        server.http()
                .body(Map.of("name", "Ada Palmer", "born", 1981))
                .post("/author")
                .then()
                .statusCode(201);
        page.find(row("author", "11") + ".inserted");
        server.http().body(Map.of("born", 1949)).put("/author/2").then().statusCode(200);
        browser.waiting(30)
                .until(ExpectedConditions.textToBe(
                        By.cssSelector(row("author", "2") + ".updated td[data-column='born']"), "1949"));
        page.screenshot("live");
        server.http().delete("/author/11").then().statusCode(200);
        browser.waiting(30)
                .until(driver ->
                        driver.findElements(By.cssSelector(row("author", "11"))).isEmpty());
        assertEquals(10, page.column("id").size());
    }
}
