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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue 18, the console in a real browser (headless Chromium through Selenium and chromedriver, {@link Browser})
 * against {@code bin/gridhub} as a process on LoopIT's loop (supervised, a Modbus battery simulator in this JVM)
 * with a community of four members (a second simulator for a member's battery, meter data pushed over HTTP, a settled
 * and corrected period: {@link #seed}) plus a forecast runner: an operator signs in through the form, sees the plan's
 * setpoint chart drawn with data and confirms the supervised plan; puts a candidate forecast strategy in shadow and
 * promotes it (forecasting is not governed), which then shows as the active strategy; an account holding both roles
 * proposes a policy and is refused when it approves its own proposal; a governance lead approves it; a viewer is
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
    private ModbusBattery memberSim;
    private ChromeDriver browser;

    @Test
    public void signInSeeThePlanConfirmItApproveAndPromote() throws Exception {
        browser = Browser.start(); // first: skips (or fails in CI) before a hub is started for nothing
        sim = ModbusBattery.start(Ports.free(), 8, 0);
        memberSim = ModbusBattery.start(Ports.free(), 8, 0);
        hub = HubProcess.unpack("console");
        LoopIT.configure(hub.etc(), sim.port());
        configure(hub.etc(), memberSim.port());
        hub.start("run");
        hub.awaitHealthy(START);
        assertTrue(
                "the audit trail did not come up within " + START,
                Waits.until(START, () -> hub.status("/api/v1/audit?limit=1") == 200));
        seed();

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
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview", "/");
        pages.put("points", "/points?point=it.m2-meter.p&range=24h");
        pages.put("forecasts", "/forecasts");
        pages.put("devices", "/devices");
        pages.put("statements", "/statements");
        pages.put("quarantine", "/quarantine");
        pages.put("drills", "/drills");
        pages.put("anomalies", "/anomalies");
        pages.put("audit", "/audit");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            String path = page.getValue();
            open(path);
            if (List.of("points", "forecasts").contains(page.getKey())) {
                await("a chart on " + path, Duration.ofSeconds(60), () -> {
                    if (!present("content") || text().contains("No forecast yet")) {
                        open(path); // the forecast runner's first run: reload until it is there
                        pause(3000);
                    }
                    return drawnCharts() > 0;
                });
            } else if (page.getKey().equals("overview")) {
                await(
                        "the grid's live flows, and a cycle on the pushed meter data",
                        Duration.ofSeconds(60),
                        () -> text().contains("Feeder 2")
                                && !text().contains("no value in the last hour")
                                && text().contains("4 of 4 meters fresh"));
            } else if (page.getKey().equals("statements")) {
                await("a member's statement", UI, () -> present(By.cssSelector("#statement table")));
            } else if (page.getKey().equals("devices")) {
                await("both devices online", UI, () -> text().contains("2 of 2 devices online"));
            } else if (page.getKey().equals("anomalies")) {
                // The triage queue answered (a count of anomalies, or "no anomalies"), not a refusal or an error.
                await("the triage queue listed", UI, () -> text().matches("(?s).*([0-9,]+ anomalies|no anomalies).*"));
            }
            pause(1500);
            shot(page.getKey());
        }

        // 4. A candidate forecast strategy into shadow, then promoted: forecasting is not governed, one click each.
        open("/strategies");
        By shadow = By.cssSelector("button[data-step='shadow'][data-name='" + PROMOTED + "']");
        await("the candidate " + PROMOTED + " offered for shadow", UI, () -> present(shadow));
        browser.findElement(shadow).click();
        await("the candidate in shadow", UI, () -> text().contains(PROMOTED + " ") && text().contains("is shadow"));
        By promote = By.cssSelector("button[data-step='promote'][data-name='" + PROMOTED + "']");
        await("the shadow offered for promotion", UI, () -> present(promote));
        browser.findElement(promote).click();
        await("the promotion made", UI, () -> text().contains("is active"));
        await("the promoted strategy active", UI, () -> {
            open("/strategies");
            pause(1000);
            return browser.findElements(By.xpath("//tr[td[1]='" + PROMOTED + "']/td[3]")).stream()
                    .anyMatch(td -> td.getText().equals("active"));
        });
        shot("strategies");

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

        // 6. A governance lead, another person, approves that proposal.
        signOut();
        signIn("lead", "lead-secret");
        open("/approvals");
        By approve = By.cssSelector("button[data-decide='" + own + ":approve']");
        await("the proposal waiting for approval", UI, () -> present(approve));
        shot("approvals");
        browser.findElement(approve).click();
        await("the proposal approved", UI, () -> !present(approve));
        assertEquals("APPROVED", proposal(own).path("state").asText());

        // 7. The metrics saw every stage run (one Optimize per cycle: as many as the loop's cycles), and each of
        // lp-optimizer's solves, timed alone.
        long before = optimizeCycle();
        HttpResponse<String> metrics =
                http.send(ItUser.request(hub.uri("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        long after = optimizeCycle();
        long optimizeRuns =
                metric(metrics.body(), "gridhub_loop_stage_seconds_count{community=\"it\",stage=\"optimize\"}");
        assertTrue(
                "Optimize runs counted " + optimizeRuns + ", the loop's cycle " + before + " to " + after,
                before <= optimizeRuns && optimizeRuns <= after);
        assertTrue(
                metrics.body(),
                metric(metrics.body(), "gridhub_solver_seconds_count{community=\"it\",strategy=\"lp-optimizer\"}") > 0);

        // 8. Role-aware: a viewer is offered no approvals and no confirmation.
        signOut();
        signIn("viewer", "viewer-secret");
        open("/approvals");
        await("the viewer's approvals page", UI, () -> text().contains("needs one of the roles"));
        assertFalse(present(By.cssSelector("button[data-decide]")));
    }

    /**
     * LoopIT's community grown to four members on two feeders (meters, loads, PV, a member battery on a second Modbus
     * simulator), a push mapping for their meter data, two more accounts, and a forecast runner for the community
     * (seeded with the demo's recorded profile).
     */
    private static void configure(Path etc, int memberSimPort) throws IOException {
        Path gridhub = etc.resolve("gridhub");
        Files.writeString(gridhub.resolve("it-community.json"), """
                {"id": "it", "name": "ConsoleIT community",
                 "transformers": [{"id": "t1", "name": "Transformer", "ratedApparentPowerVA": 250000}],
                 "feeders": [{"id": "f1", "name": "Feeder 1", "transformerId": "t1", "importLimitW": 60000,
                              "exportLimitW": 60000},
                             {"id": "f2", "name": "Feeder 2", "transformerId": "t1", "importLimitW": 40000,
                              "exportLimitW": 25000}],
                 "sharedAssets": [{"id": "bat", "name": "Community battery", "kind": "BATTERY", "ratedPowerW": 30000,
                                   "energyCapacityWh": 60000}],
                 "members": [%s]}
                """.formatted(
                        String.join(",\n", MEMBERS.stream().map(Member::json).toList())));
        Path mappings = gridhub.resolve("mappings");
        // The members' meter data as a metering service pushes it (POST /api/v1/ingest/it-meters), with history.
        List<String> pushed = new ArrayList<>();
        for (String point : meteredPoints()) {
            String asset = point.split("\\.")[1];
            boolean loading = point.endsWith(".loading");
            pushed.add("{\"address\": \"" + point + "\", \"point\": \"" + point + "\", \"unit\": \""
                    + (loading ? "1" : "W") + "\", \"quantity\": \"" + (loading ? "DIMENSIONLESS" : "ACTIVE_POWER")
                    + "\", \"asset\": \"" + asset
                    + "\", \"kind\": \"MEASUREMENT\", \"min\": -200000, \"max\": 200000}");
        }
        Files.writeString(
                mappings.resolve("it-meters.json"),
                "{\"source\": \"it-meters\", \"points\": [\n" + String.join(",\n", pushed) + "]}\n");
        // m2's battery: a second Modbus simulator, described as LoopIT describes the shared one.
        Files.writeString(
                mappings.resolve("m2-bat.json"),
                Files.readString(mappings.resolve("bat.json"))
                        .replace("\"bat\"", "\"m2-bat\"")
                        .replace("it.bat.", "it.m2-bat."));
        Files.writeString(
                etc.resolve("io.gridhub.driver.modbus.device-m2-bat.cfg"),
                Files.readString(etc.resolve("io.gridhub.driver.modbus.device-bat.cfg"))
                        .replaceAll("port = \\d+", "port = " + memberSimPort));
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
                        "seedLoadScale = 0.12",
                        "seedPvPeakW = 21000",
                        "zone = UTC",
                        ""));
    }

    /** A member of the test community: its feeder, PV peak (W, 0: none) and mean load (W). */
    private record Member(String id, String name, String type, String feeder, double pvPeakW, double loadW) {
        String json() {
            List<String> assets = new ArrayList<>(List.of(
                    "{\"id\": \"" + id + "-meter\", \"kind\": \"METER\"}",
                    "{\"id\": \"" + id + "-load\", \"kind\": \"LOAD\"}"));
            if (pvPeakW > 0) {
                assets.add("{\"id\": \"" + id + "-pv\", \"kind\": \"PV\", \"ratedPowerW\": " + pvPeakW + "}");
            }
            if (id.equals("m2")) {
                assets.add("{\"id\": \"m2-bat\", \"kind\": \"BATTERY\", \"ratedPowerW\": 5000, "
                        + "\"energyCapacityWh\": 10000}");
            }
            return "{\"id\": \"" + id + "\", \"name\": \"" + name + "\", \"type\": \"" + type + "\", "
                    + "\"participations\": [{\"communityId\": \"it\", \"factor\": 1.0}], "
                    + "\"sites\": [{\"id\": \"" + id + "-site\", \"feederId\": \"" + feeder + "\", \"assets\": ["
                    + String.join(", ", assets) + "]}]}";
        }

        /** The load at a time of day (UTC hours): a morning and an evening peak over a base. */
        double loadAt(double hour) {
            return loadW
                    * (0.6 + 0.9 * Math.exp(-Math.pow(hour - 19, 2) / 4) + 0.5 * Math.exp(-Math.pow(hour - 7.5, 2)));
        }

        /** PV between 06:00 and 19:00 UTC, highest at 12:30. */
        double pvAt(double hour) {
            return pvPeakW * Math.pow(Math.max(0, Math.sin(Math.PI * (hour - 6) / 13)), 1.5);
        }
    }

    private static final List<Member> MEMBERS = List.of(
            new Member("m1", "Ana Berger", "HOUSEHOLD", "f1", 3000, 600),
            new Member("m2", "Ben Keller", "HOUSEHOLD", "f1", 6000, 800),
            new Member("m3", "Bakery Weiss", "BUSINESS", "f2", 0, 2500),
            new Member("m4", "Town hall", "PUBLIC_BODY", "f2", 12000, 1800));

    /** Every point the metering service pushes: members' meters, loads and PV, the feeders and the transformer. */
    private static List<String> meteredPoints() {
        List<String> points = new ArrayList<>();
        for (Member m : MEMBERS) {
            points.add("it." + m.id() + "-meter.p");
            points.add("it." + m.id() + "-load.p");
            if (m.pvPeakW() > 0) {
                points.add("it." + m.id() + "-pv.p");
            }
        }
        points.addAll(List.of("it.f1.p", "it.f2.p", "it.t1.loading"));
        return points;
    }

    /** A value at a time of day: loads, PV, meters (load less PV), feeders (their meters), loading (1 = 100 %). */
    private static double valueAt(String point, double hour) {
        double f1 = 0;
        double f2 = 0;
        for (Member m : MEMBERS) {
            double meter = m.loadAt(hour) - m.pvAt(hour);
            if (point.equals("it." + m.id() + "-meter.p")) {
                return meter;
            } else if (point.equals("it." + m.id() + "-load.p")) {
                return m.loadAt(hour);
            } else if (point.equals("it." + m.id() + "-pv.p")) {
                return m.pvAt(hour);
            }
            if (m.feeder().equals("f1")) {
                f1 += meter;
            } else {
                f2 += meter;
            }
        }
        return switch (point) {
            case "it.f1.p" -> f1;
            case "it.f2.p" -> f2;
            default -> Math.abs(f1 + f2) / 250_000;
        };
    }

    /**
     * What the console shows beyond the loop's own work: a day of the members' meter data (every 10 minutes, up to
     * now), two readings of a member not yet mapped (ingest quarantines them), a settled period with a corrected
     * second version (an allocation policy the operator proposes and a lead approves), and a new version of that
     * policy waiting for approval.
     */
    private void seed() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (String point : meteredPoints()) {
            List<String> readings = new ArrayList<>();
            for (int k = 144; k >= 0; k--) {
                Instant t = now.minus(Duration.ofMinutes(10L * k));
                double hour = t.atZone(ZoneOffset.UTC).getHour()
                        + t.atZone(ZoneOffset.UTC).getMinute() / 60.0;
                double v = valueAt(point, hour) * (1 + 0.05 * Math.sin(k * 1.7 + point.length()));
                readings.add(String.format(
                        Locale.ROOT, "{\"address\": \"%s\", \"time\": \"%s\", \"value\": %.4f}", point, t, v));
            }
            String body = "{\"readings\": [" + String.join(",", readings) + "]}";
            await(
                    point + "'s history ingested",
                    START,
                    () -> post("/api/v1/ingest/it-meters", body, null).status() == 200);
        }
        Answer q = post(
                "/api/v1/ingest/it-meters",
                "{\"readings\": [{\"address\": \"it.m5-meter.p\", \"time\": \"" + now + "\", \"value\": 950},"
                        + "{\"address\": \"it.m5-pv.p\", \"time\": \"" + now + "\", \"value\": 2100}]}",
                null);
        assertEquals(q.body(), 200, q.status());

        String shares = "\"staticShares\": {\"m1\": 0.3, \"m2\": 0.2, \"m3\": 0.3, \"m4\": 0.2}";
        long v1 = propose(
                "{\"id\": \"it-static\", \"version\": 1, \"method\": \"static\", "
                        + "\"members\": [\"m1\", \"m2\", \"m3\", \"m4\"], " + shares + "}",
                "2024-01-01T00:00:00Z");
        Answer approved = post("/api/v1/governance/proposals/" + v1 + "/approve", "", "lead:lead-secret");
        assertEquals(approved.body(), 200, approved.status());
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Answer first = settle(meterCsv(yesterday, 1.0));
        assertEquals(first.body(), 201, first.status());
        Answer corrected = settle(meterCsv(yesterday, 0.8)); // the bakery's meter data, corrected
        assertEquals(corrected.body(), 201, corrected.status());
        propose(
                "{\"id\": \"it-static\", \"version\": 2, \"method\": \"static\", "
                        + "\"members\": [\"m1\", \"m2\", \"m3\", \"m4\"], "
                        + shares.replace("0.3, \"m4\": 0.2", "0.25, \"m4\": 0.25") + "}",
                yesterday.plusDays(2) + "T00:00:00Z");
    }

    /**
     * Quarter hours from 17:00 to 20:00 of a day (the PV fades, the evening peak comes): each member's consumption and
     * generation (kWh), as CSV.
     */
    private static String meterCsv(LocalDate day, double bakery) {
        StringBuilder csv = new StringBuilder("timestamp,member,consumption_kWh,generation_kWh\n");
        for (int q = 68; q < 80; q++) {
            Instant t = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(15L * q));
            for (Member m : MEMBERS) {
                double meter = m.loadAt(q / 4.0) - m.pvAt(q / 4.0);
                double kwh = Math.abs(meter) / 4000 * (m.id().equals("m3") ? bakery : 1);
                csv.append(String.format(
                        Locale.ROOT, "%s,%s,%.3f,%.3f%n", t, m.id(), meter > 0 ? kwh : 0, meter > 0 ? 0 : kwh));
            }
        }
        return csv.toString();
    }

    private long propose(String policy, String effectiveFrom) throws Exception {
        Answer a = post(
                "/api/v1/governance/proposals",
                "{\"policy\": " + policy + ", \"effectiveFrom\": \"" + effectiveFrom + "\"}",
                null);
        assertEquals(a.body(), 201, a.status());
        return a.json().path("proposal").path("id").asLong();
    }

    private Answer settle(String csv) throws Exception {
        return post(
                "/api/v1/allocations",
                "{\"method\": \"static\", \"community\": \"it\", \"policyId\": \"it-static\", "
                        + "\"importPrice\": 0.3, \"exportPrice\": 0.08, \"meters\": "
                        + JSON.writeValueAsString(csv) + "}",
                null);
    }

    private record Answer(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** A POST as the IT user (an operator), or as {@code user:password}. */
    private Answer post(String path, String body, String userPassword) {
        HttpRequest.Builder b = ItUser.request(hub.uri(path));
        if (userPassword != null) {
            b.setHeader(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> r = http.send(
                    b.timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString());
        }
    }

    /** The cycle of the loop's last Optimize run for the community. */
    private long optimizeCycle() throws IOException, InterruptedException {
        for (JsonNode stage : get("/api/v1/loop/it").path("stages")) {
            if (stage.path("stage").asText().equals("OPTIMIZE")) {
                return stage.path("cycle").asLong();
            }
        }
        throw new AssertionError("the loop has not optimized yet");
    }

    /** The value of one series in the Prometheus text format, 0 when absent. */
    private static long metric(String text, String series) {
        return text.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElse(0);
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
                ModbusBattery memberBattery = memberSim;
                HubProcess process = hub) {
            if (browser != null) {
                browser.quit();
            }
        }
    }
}
