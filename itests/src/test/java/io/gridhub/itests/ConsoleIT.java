package io.gridhub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.sim.internal.ModbusBattery;
import io.gridhub.testkit.Ports;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue 18, the console in a real browser (headless Chromium through Selenium and chromedriver, {@link Browser})
 * against {@code bin/gridhub} as a process on LoopIT's community (a supervised loop, a Modbus battery simulator in
 * this JVM) plus a forecast runner: an operator signs in through the form, sees the plan's setpoint chart drawn
 * with data and confirms the supervised plan; promotes a candidate forecast strategy (a governed
 * strategy-activation proposal); an account holding both roles proposes a policy and is refused when it approves
 * its own proposal; a governance lead approves the promotion, which then shows as the active strategy; a viewer is
 * offered no approvals. Every page is shot into {@code target/console-screenshots/} (and into the folder of
 * {@code -Dgridhub.console.screenshots=…}, e.g. {@code docs/console}). About 2 minutes; the hub's log in
 * {@code target/console-run.log}.
 */
public class ConsoleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(150);
    private static final Duration UI = Duration.ofSeconds(20);
    private static final String PROMOTED = "mean-4-same-weekdays";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HubProcess hub;
    private ModbusBattery sim;
    private ChromeDriver browser;

    @Test
    public void signInSeeThePlanConfirmItApproveAndPromote() throws Exception {
        browser = Browser.start(); // first: skips (or fails in CI) before a hub is started for nothing
        sim = ModbusBattery.start(Ports.free(), 8, 0);
        hub = HubProcess.unpack("console");
        LoopIT.configure(hub.etc(), sim.port());
        configure(hub.etc());
        hub.start("run");
        hub.awaitHealthy(START);
        assertTrue(
                "the audit trail did not come up within " + START,
                Waits.until(START, () -> hub.status("/api/v1/audit?limit=1") == 200));

        // 1. Sign in through the form (the pages hold no data: the shell loads for anyone and asks).
        open("/");
        await("the login form", UI, () -> visible("login-form"));
        signIn("operator", "op-secret");
        await("the overview with the hub UP", UI, () -> text().contains("Hub UP"));

        // 2. The plan: its setpoint chart drawn with data, then confirmed by the operator.
        open("/plans");
        await("a plan waiting for confirmation", START, () -> present("confirm-0"));
        long points = ((Number) browser.executeScript(
                        "const c = echarts.getInstanceByDom(document.querySelector('.plan-chart'));"
                                + "return c ? c.getOption().series"
                                + ".reduce((n, s) => n + s.data.filter(p => p[1] != null).length, 0) : 0;"))
                .longValue();
        assertTrue("the plan chart has setpoints: " + points, points > 0);
        WebElement canvas = browser.findElement(By.cssSelector(".plan-chart canvas"));
        assertTrue(
                "the plan chart is drawn: " + canvas.getSize(),
                canvas.getSize().getWidth() > 200 && canvas.getSize().getHeight() > 100);
        shot("plans");
        browser.findElement(By.id("confirm-0")).click();
        // Shown above the plan, which the loop replaces with its next one every 20 s.
        await("the confirmation shown", UI, () -> present(By.cssSelector("#plans-msg code")));
        assertTrue(text(), text().contains("CONFIRMED by operator"));
        String plan = browser.findElement(By.cssSelector("#plans-msg code")).getText();
        assertEquals(
                "CONFIRMED",
                get("/api/v1/plans/" + encode(plan)).path("approval").asText());

        // 3. A point's stored values charted, with its last value (the battery's power, read by the Modbus driver).
        open("/points?point=it.bat.p&range=15m");
        await(
                "the battery's last value",
                UI,
                () -> browser.findElement(By.id("pt-info")).getText().matches(".*last -?[0-9,.]+ W.*"));

        // Every page as the operator, for the record.
        for (String page : List.of(
                "/", "/points", "/forecasts", "/devices", "/statements", "/quarantine", "/anomalies", "/audit")) {
            open(page);
            if (List.of("/points", "/forecasts").contains(page)) {
                await("a chart on " + page, Duration.ofSeconds(60), () -> {
                    if (!present("content") || text().contains("No forecast yet")) {
                        open(page); // the forecast runner's first run: reload until it is there
                        pause(3000);
                    }
                    return drawnCharts() > 0;
                });
            } else {
                pause(1500);
            }
            shot(page.equals("/") ? "overview" : page.substring(1));
        }

        // 4. Promote a candidate strategy: a strategy-activation proposal, which a governance lead approves.
        open("/strategies");
        By promote = By.cssSelector("button[data-promote][data-name='" + PROMOTED + "']");
        await("the candidate " + PROMOTED + " offered for promotion", UI, () -> present(promote));
        browser.findElement(promote).click();
        await("the promotion proposed", UI, () -> text().contains("proposed (proposal "));
        long promotion = proposals().stream()
                .filter(p -> p.path("policyId").asText().equals("strategy-forecast"))
                .mapToLong(p -> p.path("id").asLong())
                .max()
                .orElseThrow();

        // 5. The two-person rule: an account with both roles proposes, and may not approve its own proposal.
        signOut();
        signIn("dual", "dual-secret");
        open("/approvals");
        await("the proposal form", UI, () -> present("policy"));
        browser.findElement(By.id("policy"))
                .sendKeys("{\"id\": \"control-authority-it\", \"version\": 1, \"kind\": \"control-authority\", "
                        + "\"community\": \"it\", \"mode\": \"supervised\"}");
        browser.findElement(By.cssSelector("#propose button[type=submit]")).click();
        await("the policy proposed", UI, () -> text().contains(" made"));
        long own = proposals().stream()
                .filter(p -> p.path("policyId").asText().equals("control-authority-it"))
                .mapToLong(p -> p.path("id").asLong())
                .findFirst()
                .orElseThrow();
        By approveOwn = By.cssSelector("button[data-decide='" + own + ":approve']");
        await("the own proposal in the queue", UI, () -> present(approveOwn));
        browser.findElement(approveOwn).click();
        await("the proposer's approval refused", UI, () -> present(By.cssSelector("#msg-" + own + " .refused")));
        String refusal =
                browser.findElement(By.cssSelector("#msg-" + own + " .refused")).getText();
        assertEquals(refusal, "PROPOSED", proposal(own).path("state").asText());

        // 6. A governance lead approves the promotion; the strategy becomes active.
        signOut();
        signIn("lead", "lead-secret");
        open("/approvals");
        By approve = By.cssSelector("button[data-decide='" + promotion + ":approve']");
        await("the promotion waiting for approval", UI, () -> present(approve));
        shot("approvals");
        browser.findElement(approve).click();
        await("the promotion approved", UI, () -> !present(approve));
        assertEquals("APPROVED", proposal(promotion).path("state").asText());
        await("the promoted strategy active", Duration.ofSeconds(60), () -> {
            open("/strategies");
            pause(1500);
            return browser.findElements(By.xpath("//tr[td[1]='" + PROMOTED + "']/td[3]")).stream()
                    .anyMatch(td -> td.getText().equals("ACTIVE"));
        });
        shot("strategies");

        // 7. Role-aware: a viewer is offered no approvals and no confirmation.
        signOut();
        signIn("viewer", "viewer-secret");
        open("/approvals");
        await("the viewer's approvals page", UI, () -> text().contains("needs one of the roles"));
        assertFalse(present(By.cssSelector("button[data-decide]")));
    }

    /** Two more accounts, and a forecast runner for the community (seeded with the demo's recorded profile). */
    private static void configure(Path etc) throws IOException {
        Files.writeString(
                etc.resolve("users.properties"),
                "\ndual = dual-secret,operator,governance-lead,person:dana\nviewer = viewer-secret,viewer\n",
                StandardOpenOption.APPEND);
        Files.writeString(
                etc.resolve("io.gridhub.core.strategies.cfg"), "dispatch = lp-optimizer\nforecast = persistence\n");
        Path seed = Path.of("..", "config", "demo", "data", "community-seed-2013-02.csv");
        Files.copy(seed, etc.resolve("gridhub/community-seed.csv"));
        Files.writeString(
                etc.resolve("io.gridhub.forecast.runner.cfg"),
                String.join(
                        "\n",
                        "community = it",
                        "periodSeconds = 60",
                        "initialDelaySeconds = 5",
                        "intervalMinutes = 60",
                        "horizonHours = 24",
                        "historyDays = 14",
                        "seedFile = "
                                + etc.resolve("gridhub/community-seed.csv").toAbsolutePath(),
                        "seedLoadScale = 0.02",
                        "seedPvPeakW = 3000",
                        "zone = UTC",
                        ""));
    }

    private void open(String path) {
        browser.get(hub.uri(path).toString());
    }

    private void signIn(String user, String password) throws InterruptedException {
        await("the login form", UI, () -> visible("login-form"));
        browser.findElement(By.id("login-user")).clear();
        browser.findElement(By.id("login-user")).sendKeys(user);
        browser.findElement(By.id("login-password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        // A login is a write, refused (503) while the store's audit trail is (re)starting: the user tries again.
        await(user + " signed in", Duration.ofSeconds(60), () -> {
            if (browser.findElement(By.id("login-error")).getText().startsWith("Sign-in failed")) {
                browser.findElement(By.id("login-submit")).click();
                pause(1000);
            }
            return browser.findElement(By.id("who")).getText().startsWith(user);
        });
    }

    private void signOut() throws InterruptedException {
        await("the sign-out button", UI, () -> present("logout"));
        browser.findElement(By.id("logout")).click();
        await("the login form after signing out", UI, () -> visible("login-form"));
    }

    private String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private boolean present(String id) {
        return present(By.id(id));
    }

    private boolean present(By by) {
        return !browser.findElements(by).isEmpty();
    }

    private boolean visible(String id) {
        List<WebElement> e = browser.findElements(By.id(id));
        return !e.isEmpty() && e.get(0).isDisplayed();
    }

    private long drawnCharts() {
        return ((Number) browser.executeScript("return [...document.querySelectorAll('canvas')].filter(e => "
                        + "e.getBoundingClientRect().width > 200 && e.getBoundingClientRect().height > 100).length;"))
                .longValue();
    }

    private void await(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        if (!Waits.until(timeout, () -> {
            try {
                return condition.get();
            } catch (RuntimeException e) {
                return false; // the page is being redrawn
            }
        })) {
            throw new AssertionError(what + ": not within " + timeout + "; the page shows: " + text());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The page as PNG into target/console-screenshots and, when set, -Dgridhub.console.screenshots. */
    private void shot(String name) throws IOException {
        Browser.screenshot(browser, GridhubContainer.buildDirectory().resolve("console-screenshots/" + name + ".png"));
        String docs = System.getProperty("gridhub.console.screenshots", "");
        if (!docs.isBlank()) {
            Browser.screenshot(browser, Path.of(docs, name + ".png"));
        }
    }

    private List<JsonNode> proposals() throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        get("/api/v1/governance/proposals").path("proposals").forEach(out::add);
        return out;
    }

    private JsonNode proposal(long id) throws IOException, InterruptedException {
        return get("/api/v1/governance/proposals/" + id);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                ItUser.request(hub.uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(path + ": " + r.body(), 200, r.statusCode());
        return JSON.readTree(r.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @After
    public void stop() throws Exception {
        // Null resources are skipped; the hub stops before the simulator, the browser first of all.
        try (ModbusBattery battery = sim;
                HubProcess process = hub) {
            if (browser != null) {
                browser.quit();
            }
        }
    }
}
