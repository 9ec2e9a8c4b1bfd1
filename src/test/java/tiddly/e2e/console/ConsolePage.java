package tiddly.e2e.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tiddly.testing.Browser;

/** The console as its tests see it: opening a table, reading the grid, waiting for the page. */
final class ConsolePage {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int SECONDS = 30;

    private final Browser browser;
    private final String base;

    ConsolePage(Browser browser, int port) {
        this.browser = browser;
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    /** Opens the console at {@code fragment} ("#/book") on a page of its own, and waits for its table list. */
    void open(String fragment) {
        browser.driver().manage().window().setSize(new Dimension(1280, 900));
        browser.driver().get("about:blank"); // a new page, so that the fragment loads afresh
        browser.driver().get(base + "/_admin" + fragment);
        browser.waiting(SECONDS).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tables li")));
    }

    /** Waits until the grid shows rows (or says it has none) for the current query. */
    void waitForGrid() {
        browser.waiting(SECONDS).until(driver -> {
            String page = driver.findElement(By.id("page")).getText();
            return page.startsWith("Page");
        });
    }

    WebElement find(String css) {
        return browser.waiting(SECONDS).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void click(String css) {
        browser.waiting(SECONDS)
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)))
                .click();
    }

    /** The texts of one column's cells, top to bottom. */
    @SuppressWarnings("unchecked") // the script returns an array of strings
    List<String> column(String name) {
        return (List<String>) browser.script(
                "return [...document.querySelectorAll('#grid tbody td')]"
                        + ".filter(cell => cell.dataset.column === arguments[0]).map(cell => cell.textContent)",
                name); // one script: the grid may be redrawn between two reads of its cells
    }

    /** Waits until the grid's column {@code name} shows {@code expected}. */
    void waitForColumn(String name, List<String> expected) {
        browser.waiting(SECONDS).until(driver -> column(name).equals(expected));
    }

    /** Types into a field, replacing what it held. */
    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.driver().getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
