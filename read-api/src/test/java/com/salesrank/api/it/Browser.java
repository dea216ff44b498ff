package com.salesrank.api.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium from Debian's packages (scripts/test.sh installs chromium and chromium-driver),
 * driven through Debian's chromedriver directly: Selenium Manager would try to download a driver,
 * and this network has none to offer.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** axe-core at the version read-api/package-lock.json pins. */
    static final Path AXE = Path.of("node_modules/axe-core/axe.min.js");

    final ChromeDriver driver;
    private final Path profile;

    Browser() throws IOException {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: the browser tests need Debian's chromium and "
                        + "chromium-driver (scripts/test.sh installs them; or apt-get install chromium chromium-driver)");
            }
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("salesrank-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void open(String url, int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        driver.get(url);
    }

    /** The console's errors since the last call (reading the log empties it). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString).toList();
    }

    /** Saves the window as target/screenshots/{name}-{width}x{height}.png. */
    Path screenshot(String name) throws IOException {
        Dimension size = driver.manage().window().getSize();
        Path target = Path.of("target", "screenshots", name + "-" + size.getWidth() + "x" + size.getHeight() + ".png");
        Files.createDirectories(target.getParent());
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /**
     * Opens {@code url} with an empty browser cache and answers the bytes transferred for it and
     * everything it loaded (the Resource Timing API's transferSize: headers and the body as sent).
     */
    long firstLoadBytes(String url, int width, int height) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        open(url, width, height);
        return ((Number) driver.executeScript("""
                var total = performance.getEntriesByType('navigation')[0].transferSize;
                performance.getEntriesByType('resource').forEach(function (e) { total += e.transferSize; });
                return total;""")).longValue();
    }

    /** The page's and its resources' requests that failed (status 400 or more, as the Resource Timing API saw them). */
    @SuppressWarnings("unchecked")
    List<String> failedRequests() {
        return (List<String>) driver.executeScript("""
                return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                  .filter(function (e) { return e.responseStatus >= 400; })
                  .map(function (e) { return e.name + ' ' + e.responseStatus; });""");
    }

    /**
     * Runs axe-core (npm's, installed into read-api/node_modules by the build's npm ci, injected into
     * the page) and answers its serious and critical violations, one line each.
     */
    @SuppressWarnings("unchecked")
    List<String> seriousAccessibilityViolations() throws IOException {
        String axe = Files.readString(AXE);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        driver.executeScript(axe);
        return (List<String>) driver.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
                  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
                    .map(function (v) { return v.impact + ' ' + v.id + ': ' + v.help + ' ('
                      + v.nodes.map(function (n) { return n.target.join(' '); }).join(', ') + ')'; }));
                }, function (e) { done(['axe failed: ' + e]); });""");
    }

    /** Presses Tab until the focused element matches {@code selector}, at most {@code presses} times. */
    boolean tabTo(String selector, int presses) {
        org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(driver);
        for (int i = 0; i < presses; i++) {
            keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
            if (Boolean.TRUE.equals(driver.executeScript(
                    "return document.activeElement && document.activeElement.matches(arguments[0]);", selector))) {
                return true;
            }
        }
        return false;
    }

    /** Turns the page's JavaScript off or on (Chrome DevTools' emulation; kept across navigations). */
    void javaScript(boolean enabled) {
        driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", !enabled));
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
