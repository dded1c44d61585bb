package org.chatinbox.gateway;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through its chromedriver, at the gateway's web inbox. Both executables come from the
 * machine ({@code apt-get install chromium chromium-driver}, or {@code CHROME_BIN} and {@code CHROMEDRIVER}): no tool downloads
 * a browser of its own.
 */
final class Browser implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    private Browser(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    /** The browser and its driver, when the machine has them. */
    static Optional<String> missing() {
        for (Path executable : List.of(chromium(), chromedriver())) {
            if (!Files.isExecutable(executable)) {
                return Optional.of(executable.toString());
            }
        }
        return Optional.empty();
    }

    static Browser open(String base) {
        try {
            Path profile = Files.createTempDirectory("web-inbox-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium().toFile());
            // the flags the machine's notes give: no sandbox as root, and no calls to the outside a closed network refuses
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-extensions", "--window-size=1400,900", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver().toFile())
                    .usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), profile, base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path chromium() {
        return Path.of(Optional.ofNullable(System.getenv("CHROME_BIN")).orElse("/usr/bin/chromium"));
    }

    private static Path chromedriver() {
        return Path.of(Optional.ofNullable(System.getenv("CHROMEDRIVER")).orElse("/usr/bin/chromedriver"));
    }

    /** Signs in with an agent key, as a person types it, and waits for the live stream to connect. */
    Browser signIn(String key) {
        driver.get(base + "/");
        until(() -> !driver.findElements(By.id("credential")).isEmpty());
        driver.findElement(By.id("credential")).sendKeys(key);
        driver.findElement(By.id("sign-in")).click();
        until(() -> text("#live-state").equals("Live"));
        return this;
    }

    void go(String hash) {
        driver.get(base + "/" + hash);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement one(String css) {
        until(() -> !all(css).isEmpty());
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * Types into the first match, again if the page redrew it meanwhile (a live update re-renders the conversation and keeps
     * the draft, but the driver's handle to the old field is gone).
     */
    void type(String css, CharSequence... keys) {
        until(() -> {
            one(css).sendKeys(keys);
            return true;
        });
    }

    /** Clicks the first match, again if the page redrew it meanwhile. */
    void click(String css) {
        until(() -> {
            one(css).click();
            return true;
        });
    }

    /** The visible text of the first match, or "" when none. */
    String text(String css) {
        List<WebElement> found = all(css);
        return found.isEmpty() ? "" : found.get(0).getText().trim();
    }

    Object script(String code) {
        return ((JavascriptExecutor) driver).executeScript(code);
    }

    void until(Supplier<Boolean> condition) {
        until(PATIENCE, condition);
    }

    void until(Duration atMost, Supplier<Boolean> condition) {
        try {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(condition::get);
        } catch (ConditionTimeoutException e) {
            screenshot("timeout-" + System.nanoTime());
            throw e;
        }
    }

    /** A picture of the page under target/web-inbox/, for the README and for a failing test. */
    Path screenshot(String name) {
        try {
            Path file = Path.of("target", "web-inbox", name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
