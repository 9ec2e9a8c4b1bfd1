package tiddly.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for page tests: Debian's chromium driven by its own chromedriver, so Selenium
 * Manager never runs and nothing is downloaded. Without /usr/bin/chromium or /usr/bin/chromedriver
 * the test is skipped (CI installs both: see .ci/run). The browser cannot resolve any host name,
 * so a page that reaches for the internet fails here instead of reaching it, and
 * {@link #requests()} shows that it tried.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A new browser; the test is skipped, saying why, when Chromium or its driver is not installed. */
    public static Browser start() {
        return start(options -> {});
    }

    /** A new browser whose pages run no JavaScript (Chromium's content setting): for pages that must work without it. */
    public static Browser withoutJavaScript() {
        return start(options -> options.setExperimentalOption(
                "prefs", Map.of("profile.managed_default_content_settings.javascript", 2)));
    }

    private static Browser start(Consumer<ChromeOptions> change) {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: needs " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,1024",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"); // only the server on loopback
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        change.accept(options);
        return new Browser(new ChromeDriver(service, options));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** A wait of up to {@code seconds} for something on the page. */
    public WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    /** The URLs the browser has requested since the last call: from its network log. */
    public List<String> requests() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonObject message =
                    JsonParser.parseString(entry.getMessage()).getAsJsonObject().getAsJsonObject("message");
            if (message.get("method").getAsString().equals("Network.requestWillBeSent")) {
                urls.add(message.getAsJsonObject("params")
                        .getAsJsonObject("request")
                        .get("url")
                        .getAsString());
            }
        }
        return urls;
    }

    /** The console's messages since the last call (CSP violations among them), as "LEVEL message". */
    public List<String> console() {
        List<String> messages = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            messages.add(entry.getLevel() + " " + entry.getMessage());
        }
        return messages;
    }

    /** Runs {@code script} in the page and gives what it returns. */
    public Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
