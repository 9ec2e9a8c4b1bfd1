package tiddly.e2e.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tiddly.testing.Browser;
import tiddly.testing.TiddlyServer;

/**
 * The console on a server with rules, in a real Chromium: it offers to sign in, and each way of
 * signing in shows what that role may read and nothing else. Also its phone-sized layout and the
 * keyboard.
 */
class ConsoleSignInTest {
    private static final String CONFIG = """
            {
              "auth": {
                "jwt_secret": "an-hs256-secret-of-at-least-32-bytes!",
                "users": {"table": "user", "identity": "email", "password": "password"},
                "api_keys": {"admin-key-0123456789abcdef": "admin"}
              },
              "rules": {
                "anon": {"genre": {"read": true}},
                "user": {"book": {"read": {"where": {"author_id": 2}}},
                         "user": {"read": true, "hidden": ["email"]}},
                "admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}}
              }
            }""";

    private static Browser browser;

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig(CONFIG);

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

    @SuppressWarnings("unchecked") // the script returns an array of strings
    private List<String> tables() {
        return (List<String>) browser.script(
                "return [...document.querySelectorAll('#tables li a')].map(a => a.textContent)"); // one read:
        // the list is
        // redrawn
    }

    private void signIn(String method, String field, String value) {
        if (!page.find("#sign-in").isDisplayed()) {
            page.click("#sign-in-open");
        }
        new Select(page.find("#sign-in-method")).selectByValue(method);
        page.type(field, value);
    }

    @Test
    void twoRolesSignedInTwoWaysSeeDifferentTablesColumnsAndRows() {
        page.open("");
        assertTrue(page.find("#sign-in").isDisplayed(), "under rules, an anonymous caller is offered to sign in");
        assertEquals(List.of("genre"), tables());
        page.screenshot("sign-in");

        signIn("password", "#sign-in-user", "alice@example.com");
        page.type("#sign-in-password", "alice-secret");
        page.click("#sign-in-form button[type='submit']");
        browser.waiting(30)
                .until(ExpectedConditions.textToBe(By.id("who"), "Signed in: alice@example.com (role user)"));
        browser.waiting(30).until(driver -> tables().equals(List.of("book", "user")));
        page.click("#tables a[data-table='book']");
        page.waitForColumn("author_id", java.util.Collections.nCopies(6, "2"));
        assertTrue(!browser.driver().findElement(By.id("insert")).isDisplayed(), "the role may not insert");
        assertTrue(browser.driver().findElements(By.cssSelector("#grid button.edit")).stream()
                .noneMatch(WebElement::isDisplayed));
        page.click("#tables a[data-table='user']");
        page.waitForColumn("name", List.of("Alice", "Bob", "Carol", "Dave", "Erin"));
        assertEquals(List.of(), page.column("email"), "email is hidden from the role");

        page.click("#sign-out");
        browser.waiting(30).until(driver -> tables().equals(List.of("genre")));
        signIn("apiKey", "#sign-in-key", "wrong-key-0123456789abcdef");
        page.click("#sign-in-form button[type='submit']");
        browser.waiting(30)
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"), "API key"));
        signIn("apiKey", "#sign-in-key", "admin-key-0123456789abcdef");
        page.click("#sign-in-form button[type='submit']");
        browser.waiting(30).until(driver -> tables().equals(List.of("author", "book", "dual", "genre", "user")));
        page.click("#tables a[data-table='book']");
        page.waitForGrid();
        browser.waiting(30).until(driver -> page.column("id").size() == 25);
        assertTrue(page.find("#insert").isDisplayed());
        browser.waiting(30).until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
        server.http()
                .header("X-API-Key", "admin-key-0123456789abcdef")
                .body(java.util.Map.of("title", "Seen live with an API key", "author_id", 1))
                .post("/book")
                .then()
                .statusCode(201);
        page.find("#grid tbody tr.inserted");
        page.click("#view-copy summary");
        assertTrue(page.find("#view-copy .copy-client").getText().contains("{apiKey: \"admin-key-0123456789abcdef\"}"));
    }

    @Test
    void onAPhoneTheTablesStackAboveTheGridAndTheKeyboardSortsAndEdits() {
        page.open("");
        signIn("token", "#sign-in-token", token());
        page.click("#sign-in-form button[type='submit']");
        browser.waiting(30).until(driver -> tables().size() == 5);
        browser.driver().manage().window().setSize(new Dimension(400, 860));
        page.click("#tables a[data-table='author']");
        page.waitForGrid();
        browser.waiting(30).until(driver -> page.column("id").size() == 10);
        Object layout = browser.script("const nav = document.querySelector('nav').getBoundingClientRect();"
                + " const main = document.querySelector('main').getBoundingClientRect();"
                + " return nav.bottom <= main.top && document.documentElement.scrollWidth <= window.innerWidth;");
        assertEquals(true, layout);
        page.screenshot("phone");
        WebElement sort = page.find("#grid th button[data-column='name']");
        sort.sendKeys(Keys.ENTER);
        page.waitForColumn(
                "name",
                List.of(
                        "Anonymous",
                        "Banana Yoshimoto",
                        "Chimamanda Ngozi Adichie",
                        "Italo Calvino",
                        "Jorge Luis Borges",
                        "Octavia E. Butler",
                        "Stanisław Lem",
                        "Terry Pratchett",
                        "Tove Jansson",
                        "Ursula K. Le Guin"));
        page.find("#grid tbody tr:first-child button.edit").sendKeys(Keys.ENTER);
        browser.waiting(30)
                .until(driver ->
                        "field-name".equals(driver.switchTo().activeElement().getAttribute("id")));
        browser.driver().switchTo().activeElement().sendKeys(Keys.END, " (unknown)");
        page.find("#save").sendKeys(Keys.ENTER);
        browser.waiting(30).until(ExpectedConditions.invisibilityOfElementLocated(By.id("editor")));
        assertEquals("Anonymous (unknown)", server.scalar("SELECT name FROM author WHERE id = 10"));
    }

    /** An admin's bearer token, as another issuer with the same secret would sign it. */
    private static String token() {
        try {
            java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
            long exp = java.time.Instant.now().getEpochSecond() + 3600;
            String payload = base64.encodeToString(("{\"role\":\"admin\",\"exp\":" + exp + "}").getBytes());
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    "an-hs256-secret-of-at-least-32-bytes!".getBytes(), "HmacSHA256"));
            return header + "." + payload + "."
                    + base64.encodeToString(mac.doFinal((header + "." + payload).getBytes()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
