package io.gridhub.itests;

import static org.junit.Assume.assumeTrue;

import io.gridhub.testkit.Prerequisites;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for the console's tests: Debian's {@code chromium}, headless, driven by Selenium through Debian's
 * {@code chromedriver} (package {@code chromium-driver}; {@code .ci/run} installs both). Both are found on
 * {@code PATH}, never downloaded. In CI ({@code CI=true}) a missing one fails the test; elsewhere the test is skipped
 * with the reason.
 */
final class Browser {
    private Browser() {}

    /** A new headless Chromium window of 1400 × 900 CSS pixels. */
    static ChromeDriver start() {
        String chromium = executable("the browser", "chromium", List.of("chromium", "chromium-browser"));
        String driver = executable("its WebDriver", "chromium-driver", List.of("chromedriver"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver))
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return browser;
    }

    /** The first of {@code names} on PATH; fails in CI and skips loudly elsewhere when there is none. */
    private static String executable(String what, String debianPackage, List<String> names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        assumeTrue(
                names.get(0) + " (" + what + ") is not installed: skipping the console's browser test",
                Prerequisites.available(false, names.get(0) + " (" + what + ")", "apt-get install " + debianPackage));
        return null;
    }

    /** A PNG of the whole page, beyond the window's height too (Chrome's DevTools protocol), into {@code file}. */
    static void screenshot(ChromeDriver browser, Path file) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics =
                (Map<String, Object>) browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip =
                Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        Map<String, Object> shot = browser.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    }
}
