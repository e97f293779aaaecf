package io.gridhub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import io.gridhub.sim.internal.ControlState;
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
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Test;

/**
 * Issue 14, "Close the loop", in the assembled hub: {@code bin/gridhub} as a process (so that it can be killed with
 * kill -9) controls a Modbus battery simulator that runs in this JVM with its own watchdog. Supervised, nothing is
 * written until an operator confirms; the first write is clamped by the ramp limit and says so; a governed policy
 * makes the community autonomous; a device that refuses writes goes to its safe state with an alarm; after a kill
 * -9 of the hub the device's watchdog takes the battery to 0 W by itself. Everything is checked over REST and on
 * the simulator; every wait is bounded. Log: {@code target/loop-run.log}, the hub's own in {@code data/log}
 * (kept with -Dgridhub.it.keepRuntime=true).
 */
public class LoopIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String C = "it";
    private static final String BAT = "bat";
    private static final String P_SET = C + "." + BAT + ".p_set";
    private static final Duration START = Duration.ofSeconds(150);
    private static final int WATCHDOG_SECONDS = 8;
    /** The simulator's model step (ModbusBattery.start): the watchdog is checked on each. */
    private static final Duration MODEL_STEP = Duration.ofMillis(200);

    private static final int PERIOD_SECONDS = 20;
    private static final int EXECUTE_SECONDS = 2;
    private static final int MAX_ATTEMPTS = 3;
    /**
     * 1,500 W/s on 30 kW: the first write (from 0 W over one tick) is clamped to about 3 kW, and the ramp reaches
     * the plan's ~23 kW within about 16 s, so that the read-back can confirm it in the same run (at a slower ramp
     * the commanded value changes on every tick and is never CONFIRMED).
     */
    private static final double RAMP_FRACTION = 0.05;
    /** One plan period, the write attempts and a margin: the longest a new plan takes to reach the device. */
    private static final Duration NEXT_PLAN =
            Duration.ofSeconds(PERIOD_SECONDS + (MAX_ATTEMPTS + 2) * EXECUTE_SECONDS + 10);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HubProcess hub;
    private ModbusBattery sim;
    private volatile String last = "";

    private record Answer(int status, JsonNode json, String body) {}

    @Test
    public void supervisedClampedGovernedRefusedAndSafeAfterKill() throws Exception {
        sim = ModbusBattery.start(Ports.free(), WATCHDOG_SECONDS, 0);
        hub = HubProcess.unpack("loop");
        configure(hub.etc(), sim.port());
        hub.start("run");
        hub.awaitHealthy(START);
        // The audit trail lives in the store, which opens on its own thread after the hub is healthy: without it a
        // confirmation is refused (409) and nothing is written. 503 from these resources until their service runs.
        assertTrue(
                "the audit trail and the event log did not come up within " + START,
                Waits.until(
                        START,
                        () -> status("/api/v1/audit?limit=1") == 200 && status("/api/v1/events?limit=1") == 200));

        // 1. Supervised: a plan that discharges now waits for confirmation, and nothing reaches the device.
        // A plan whose step ends within 90 s is passed over: its next step would not discharge (the energy goes
        // into this hour), and the plans after the hour discharge in the next one, the second dearest.
        JsonNode p1 = await(
                "an LP plan discharging now and awaiting confirmation",
                START,
                "/api/v1/plans/latest",
                p -> p.path("strategy").asText().equals("lp-optimizer")
                        && exec(p).path("state").asText().equals("AWAITING_CONFIRMATION")
                        && exec(p).path("plannedW").asDouble() > 1000
                        && stepLeft(p).toSeconds() >= 90);
        String id1 = p1.path("id").asText();
        assertEquals(p1.toString(), "SUPERVISED", p1.path("mode").asText());
        assertEquals(p1.toString(), "PENDING", p1.path("approval").asText());
        double planned1 = exec(p1).path("plannedW").asDouble();
        Thread.sleep(2 * EXECUTE_SECONDS * 1000L); // two Execute ticks with the plan pending
        assertEquals("nothing written before confirmation", ControlState.LOCAL, sim.controlState());
        assertEquals(
                "no write audited before confirmation: " + auditWrites(),
                0,
                auditWrites().size());
        assertEquals(
                "AWAITING_CONFIRMATION",
                exec(get("/api/v1/plans/" + path(id1)).json()).path("state").asText());

        String confirm = "/api/v1/plans/" + path(id1) + "/confirm";
        assertEquals(401, post(confirm, "", null, null).status());
        Answer asLead = post(confirm, "", "lead", "lead-secret");
        assertEquals(asLead.body(), 403, asLead.status());
        long confirmedAt = System.nanoTime();
        Answer confirmed = post(confirm, "", "operator", "op-secret");
        assertEquals(confirmed.body(), 200, confirmed.status());
        assertEquals(
                confirmed.body(), "CONFIRMED", confirmed.json().path("approval").asText());
        assertEquals(
                confirmed.body(),
                "operator",
                confirmed.json().path("confirmedBy").asText());

        // 2. The first write is clamped by the ramp limit, with the reason; the battery follows the commanded value.
        JsonNode firstWrite = exec(await(
                "the confirmed plan written",
                Duration.ofSeconds(3L * EXECUTE_SECONDS + 5),
                "/api/v1/plans/" + path(id1),
                p -> exec(p).path("state").asText().matches("WRITTEN|CONFIRMED")));
        long toWrite = millisSince(confirmedAt);
        assertTrue(firstWrite.toString(), firstWrite.path("clamped").asBoolean());
        assertTrue(
                firstWrite.toString(), firstWrite.path("clampReason").asText().contains("ramp rate"));
        double firstCommanded = firstWrite.path("commandedW").asDouble();
        assertTrue(firstWrite.toString(), firstCommanded > 0 && firstCommanded < planned1 - 1);
        assertTrue(
                "REMOTE after the first write: " + sim.controlState(),
                Waits.until(Duration.ofSeconds(5), () -> sim.controlState() == ControlState.REMOTE));
        long toRemote = millisSince(confirmedAt);
        double[] clampedFollow = followsCommanded(id1, Duration.ofSeconds(10), true);
        long toFollow = millisSince(confirmedAt);

        // Once the ramp reaches the plan, the read-back confirms the write.
        Duration ramp = Duration.ofSeconds((long) (planned1 / (30_000 * RAMP_FRACTION)) + 4L * EXECUTE_SECONDS + 10);
        JsonNode done = exec(await(
                "the setpoint read back (CONFIRMED)",
                ramp,
                "/api/v1/plans/" + path(id1),
                p -> exec(p).path("state").asText().equals("CONFIRMED")));
        long toConfirmed = millisSince(confirmedAt);
        assertEquals(done.toString(), planned1, done.path("commandedW").asDouble(), 1);
        assertTrue(done.toString(), !done.path("clamped").asBoolean());
        double[] follow = followsCommanded(id1, Duration.ofSeconds(5), false);
        JsonNode writes = auditWrites();
        assertTrue("the write is audited with the plan id: " + writes, count(writes, "plan=" + id1) > 0);
        assertTrue(writes.toString(), count(filter(writes, "accepted"), "plan=" + id1) > 0);
        JsonNode confirmAudit =
                get("/api/v1/audit?subject=" + path(id1) + "&limit=100").json().path("entries");
        assertTrue(
                "the confirmation is audited: " + confirmAudit,
                confirmAudit.toString().contains("plan.confirm")
                        && confirmAudit.toString().contains("operator"));

        // 3. Governed autonomy: proposed by the operator, approved by a lead; the next plan runs unconfirmed.
        Answer proposed = post(
                "/api/v1/governance/proposals",
                "{\"policy\":{\"id\":\"control-authority-" + C
                        + "\",\"version\":1,\"kind\":\"control-authority\",\"community\":\"" + C
                        + "\",\"mode\":\"autonomous\"},"
                        + "\"effectiveFrom\":\"" + Instant.now() + "\"}",
                "operator",
                "op-secret");
        assertEquals(proposed.body(), 201, proposed.status());
        long proposal = proposed.json().path("proposal").path("id").asLong();
        Answer approved = post("/api/v1/governance/proposals/" + proposal + "/approve", "", "lead", "lead-secret");
        assertEquals(approved.body(), 200, approved.status());
        long approvedAt = System.nanoTime();
        JsonNode control = get("/api/v1/control/" + C).json();
        assertEquals(control.toString(), "AUTONOMOUS", control.path("mode").asText());
        JsonNode p2 = await(
                "a plan executed without confirmation",
                NEXT_PLAN,
                "/api/v1/plans/latest",
                p -> !p.path("id").asText().equals(id1)
                        && p.path("approval").asText().equals("NOT_NEEDED")
                        && exec(p).path("state").asText().matches("WRITTEN|CONFIRMED"));
        long toAutonomous = millisSince(approvedAt);
        assertEquals(p2.toString(), "AUTONOMOUS", exec(p2).path("mode").asText());
        assertTrue(p2.toString(), p2.path("confirmedBy").isNull());
        String id2 = p2.path("id").asText();
        assertTrue(
                "the autonomous write is audited: " + auditWrites(),
                Waits.until(Duration.ofSeconds(5), () -> count(auditWrites(), "plan=" + id2) > 0));

        // 4. The device refuses writes (Modbus exception 2): retries, then the safe state, an alarm, and the
        // device's watchdog takes it to 0 W.
        long refusedAt = System.nanoTime();
        refuse(true);
        long[] simSafeAt = {-1};
        JsonNode safe = await(
                "SAFE_STATE after refused writes", NEXT_PLAN.plusSeconds(PERIOD_SECONDS), "/api/v1/plans/latest", p -> {
                    if (simSafeAt[0] < 0 && sim.controlState() == ControlState.SAFE) {
                        simSafeAt[0] = millisSince(refusedAt);
                    }
                    return exec(p).path("state").asText().equals("SAFE_STATE");
                });
        long toSafeState = millisSince(refusedAt);
        JsonNode safeExec = exec(safe);
        assertEquals(
                safeExec.toString(), MAX_ATTEMPTS, safeExec.path("attempts").asInt());
        assertTrue(safeExec.toString(), safeExec.path("detail").asText().contains("exception 2"));
        JsonNode alarm = await(
                "an ALARM event for the battery",
                Duration.ofSeconds(10),
                "/api/v1/events?limit=1000",
                e -> alarm(e).isPresent());
        assertTrue(alarm.toString(), alarm(alarm).get().path("message").asText().contains("safe state"));
        // Refused heartbeats keep nothing alive: the watchdog runs from the last write accepted before the refusal.
        assertTrue(
                "the simulator ends SAFE at 0 W: " + sim.controlState() + ", " + sim.powerW() + " W",
                Waits.until(Duration.ofSeconds(WATCHDOG_SECONDS + 5), () -> {
                    if (simSafeAt[0] < 0 && sim.controlState() == ControlState.SAFE) {
                        simSafeAt[0] = millisSince(refusedAt);
                    }
                    return sim.controlState() == ControlState.SAFE && sim.powerW() == 0;
                }));
        long simSafeAfterRefusal = simSafeAt[0];
        assertTrue(
                "SAFE " + simSafeAfterRefusal + " ms after the refusal began, later than the watchdog",
                simSafeAfterRefusal <= WATCHDOG_SECONDS * 1000L + 1000);

        // 5. Writes accepted again: the next plan takes the battery back; then kill -9 of the hub, and the device's
        // watchdog alone takes it to its safe state.
        refuse(false);
        long releasedAt = System.nanoTime();
        assertTrue(
                "REMOTE again after the refusal ends: " + sim.controlState() + "; " + last,
                Waits.until(NEXT_PLAN, () -> sim.controlState() == ControlState.REMOTE));
        long toRemoteAgain = millisSince(releasedAt);
        JsonNode back = exec(get("/api/v1/plans/latest").json());
        assertTrue(back.toString(), back.path("state").asText().matches("WRITTEN|CONFIRMED"));
        // At least one tick of heartbeats, so that the watchdog runs from a write the hub made just before the kill.
        Thread.sleep(EXECUTE_SECONDS * 1000L + 500);
        assertEquals(ControlState.REMOTE, sim.controlState());
        double before = sim.powerW();
        long killedAt = System.nanoTime();
        hub.kill();
        boolean wentSafe = Waits.until(
                Duration.ofSeconds(WATCHDOG_SECONDS + 5),
                () -> sim.controlState() == ControlState.SAFE && sim.powerW() == 0);
        long toSafeAfterKill = millisSince(killedAt);
        System.out.printf(
                Locale.ROOT,
                "LoopIT: plan %s planned %.0f W; after confirmation: first write "
                        + "(clamped to %.0f W) seen after %d ms, REMOTE after %d ms, battery %.0f W = commanded %.0f W "
                        + "(point %.0f W) after %d ms, CONFIRMED at %.0f W (battery %.0f W, point %.0f W) after %d ms; "
                        + "autonomous plan %s written %d ms after the approval; refusal: SAFE_STATE after %d ms, "
                        + "simulator SAFE after %d ms; REMOTE again %d ms after the refusal ended; kill -9 at %.0f W: "
                        + "simulator SAFE at 0 W after %d ms (watchdog %d s)%n",
                id1,
                planned1,
                firstCommanded,
                toWrite,
                toRemote,
                clampedFollow[0],
                clampedFollow[1],
                clampedFollow[2],
                toFollow,
                done.path("commandedW").asDouble(),
                follow[0],
                follow[2],
                toConfirmed,
                id2,
                toAutonomous,
                toSafeState,
                simSafeAfterRefusal,
                toRemoteAgain,
                before,
                toSafeAfterKill,
                WATCHDOG_SECONDS);
        assertTrue(
                "the simulator did not go SAFE within " + (WATCHDOG_SECONDS + 5) + " s of kill -9: "
                        + sim.controlState() + ", " + sim.powerW() + " W",
                wentSafe);
        assertTrue(
                "SAFE after " + toSafeAfterKill + " ms, later than the watchdog (" + WATCHDOG_SECONDS
                        + " s) and one model step",
                toSafeAfterKill <= WATCHDOG_SECONDS * 1000L + MODEL_STEP.toMillis() + 300);
        assertNotEquals("the battery ran before the kill", 0, before, 1);
    }

    // ---------------------------------------------------------------- checks

    /** The battery's execution status in a plan's JSON (missing node when the loop does not report one). */
    private static JsonNode exec(JsonNode plan) {
        for (JsonNode s : plan.path("schedules")) {
            if (s.path("assetId").asText().equals(BAT)) {
                return s.path("execution");
            }
        }
        return JSON.missingNode();
    }

    /** The time left in the plan's current step. */
    private static Duration stepLeft(JsonNode plan) {
        Instant end = Instant.parse(plan.path("start").asText())
                .plus(Duration.parse(plan.path("step").asText())
                        .multipliedBy(exec(plan).path("step").asLong() + 1));
        return Duration.between(Instant.now(), end);
    }

    private static Optional<JsonNode> alarm(JsonNode events) {
        for (JsonNode e : events.path("events")) {
            if (e.path("severity").asText().equals("ALARM")
                    && e.path("subject").asText().equals(BAT)
                    && e.path("community").asText().equals(C)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * Waits until the simulator and the hub's latest {@code p} both match the value commanded for a plan (1 W: float32
     * registers), clamped or not; returns battery, commanded, point (W).
     */
    private double[] followsCommanded(String planId, Duration timeout, boolean clamped) throws InterruptedException {
        double[] seen = new double[3];
        boolean ok = Waits.until(timeout, () -> {
            try {
                JsonNode e = exec(get("/api/v1/plans/" + path(planId)).json());
                double commanded = e.path("commandedW").asDouble(Double.NaN);
                double battery = sim.powerW();
                Answer p = get("/api/v1/points/" + C + "." + BAT + ".p/latest");
                double point = p.json().path("value").asDouble(Double.NaN);
                seen[0] = battery;
                seen[1] = commanded;
                seen[2] = point;
                last = "battery " + battery + " W, execution " + e + ", point " + p.body();
                return e.path("clamped").asBoolean() == clamped
                        && Math.abs(battery - commanded) <= 1
                        && Math.abs(point - commanded) <= 1;
            } catch (Exception x) {
                last = x.toString();
                return false;
            }
        });
        assertTrue("the battery did not follow the commanded value within " + timeout + ": " + last, ok);
        return seen;
    }

    private JsonNode auditWrites() {
        try {
            return filter(
                    get("/api/v1/audit?subject=" + P_SET + "&limit=10000")
                            .json()
                            .path("entries"),
                    "setpoint.write");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The audit entries whose action or outcome contains a text. */
    private static JsonNode filter(JsonNode entries, String text) {
        var out = JSON.createArrayNode();
        for (JsonNode e : entries) {
            if (e.path("action").asText().contains(text)
                    || e.path("outcome").asText().contains(text)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Audit entries whose detail contains a text. */
    private static int count(JsonNode entries, String detail) {
        int n = 0;
        for (JsonNode e : entries) {
            n += e.path("detail").asText().contains(detail) ? 1 : 0;
        }
        return n;
    }

    /** The simulator's test switch (coil:1): while on, writes to its setpoint and heartbeat answer exception 2. */
    private void refuse(boolean on) throws Exception {
        ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", sim.port(), 2000, false);
        master.connect();
        try {
            master.writeCoil(1, 1, on);
        } finally {
            master.disconnect();
        }
    }

    // ---------------------------------------------------------------- HTTP

    /** Polls a GET until its 200 answer satisfies a condition; fails with the last answer otherwise. */
    private JsonNode await(String what, Duration timeout, String path, Predicate<JsonNode> condition)
            throws InterruptedException {
        Optional<JsonNode> v = Waits.value(timeout, () -> {
            try {
                Answer a = get(path);
                last = a.status() + " " + a.body();
                return a.status() == 200 && condition.test(a.json()) ? Optional.of(a.json()) : Optional.empty();
            } catch (Exception e) {
                last = e.toString();
                return Optional.empty();
            }
        });
        return v.orElseThrow(
                () -> new AssertionError("no " + what + " within " + timeout + " (GET " + path + "); last: " + last));
    }

    /** A GET as the operator (reading the audit trail is for staff). */
    private Answer get(String path) throws IOException, InterruptedException {
        return answer(http.send(
                HttpRequest.newBuilder(hub.uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", basic("operator", "op-secret"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** The status of a GET, -1 while nothing answers. */
    private int status(String path) {
        try {
            return get(path).status();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Answer post(String path, String body, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", basic(user, password));
        }
        return answer(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> r) {
        JsonNode json;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        return new Answer(r.statusCode(), json == null ? JSON.createObjectNode() : json, r.body());
    }

    /** A plan id as a path segment (it holds ':' and '@'). */
    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    // ---------------------------------------------------------------- the hub's configuration

    /**
     * One shared 30 kW / 60 kWh battery on feeder f1 and one member (meter, load, PV); the battery is the simulator
     * through the Modbus driver; the loop supervised every 20 s, Execute every 2 s, one-hour steps in UTC; a tariff
     * that makes this hour the dearest (and the next the second dearest, so that plans still discharge if the test
     * runs over the hour), so the LP discharges now.
     * ConsoleIT runs on the same community.
     */
    static void configure(Path etc, int simPort) throws IOException {
        Path gridhub = Files.createDirectories(etc.resolve("gridhub"));
        Path mappings = Files.createDirectories(gridhub.resolve("mappings"));
        Files.writeString(gridhub.resolve("it-community.json"), """
                {"id": "it", "name": "LoopIT community",
                 "transformers": [{"id": "t1", "name": "Transformer", "ratedApparentPowerVA": 250000}],
                 "feeders": [{"id": "f1", "name": "Feeder 1", "transformerId": "t1", "importLimitW": 60000,
                              "exportLimitW": 60000}],
                 "sharedAssets": [{"id": "bat", "name": "Community battery", "kind": "BATTERY", "ratedPowerW": 30000,
                                   "energyCapacityWh": 60000}],
                 "members": [{"id": "m1", "name": "Member 1", "type": "HOUSEHOLD",
                              "participations": [{"communityId": "it", "factor": 1.0}],
                              "sites": [{"id": "m1-site", "feederId": "f1", "assets": [
                                  {"id": "m1-meter", "kind": "METER"}, {"id": "m1-load", "kind": "LOAD"},
                                  {"id": "m1-pv", "kind": "PV", "ratedPowerW": 3000}]}]}]}
                """);
        Files.writeString(
                etc.resolve("io.gridhub.core.topology.cfg"),
                "files = " + gridhub.resolve("it-community.json") + "\nreloadSeconds = 5\n");
        Files.writeString(etc.resolve("io.gridhub.core.strategies.cfg"), "dispatch = lp-optimizer\n");
        // As config/demo/mappings/shared-bat.json (the device's one description), all in the default poll group (the
        // device's pollMillis) and without the deadband: the latest p is compared with the command.
        Files.writeString(mappings.resolve("bat.json"), """
                {"source": "bat",
                 "time": {"use": "source", "maxSkew": "PT1M", "onSkew": "received"},
                 "points": [
                  {"address": "hr:0:float32", "point": "it.bat.p", "unit": "W", "min": -1000000, "max": 1000000},
                  {"address": "hr:4:uint16", "point": "it.bat.soc", "unit": "%", "scale": 0.1, "min": 0, "max": 100},
                  {"address": "hr:10:float32", "point": "it.bat.p_set", "unit": "W"},
                  {"address": "hr:12:uint16", "point": "it.bat.heartbeat", "unit": "", "min": 0, "max": 65535,
                   "quantity": "DIMENSIONLESS", "asset": "bat", "kind": "SETPOINT"},
                  {"address": "ir:1:uint16", "point": "it.bat.control_state", "unit": "", "min": 0, "max": 2,
                   "quantity": "STATUS", "asset": "bat", "kind": "STATUS"}]}
                """);
        Files.writeString(
                etc.resolve("io.gridhub.driver.modbus.device-bat.cfg"),
                "host = 127.0.0.1\nport = "
                        + simPort + "\nunitId = 1\ntimeoutMillis = 1000"
                        + "\npollMillis = 1000\nbackoffMinMillis = 500\nbackoffMaxMillis = 2000\n");
        int hour = Instant.now().atZone(ZoneOffset.UTC).getHour();
        StringBuilder tariff = new StringBuilder("hour,importEurPerKWh,exportEurPerKWh\n");
        for (int h = 0; h < 24; h++) {
            tariff.append(h).append(h == hour ? ",1.0,0.9\n" : h == (hour + 1) % 24 ? ",0.95,0.85\n" : ",0.05,0.0\n");
        }
        Files.writeString(gridhub.resolve("tariff.csv"), tariff);
        Files.writeString(
                etc.resolve("io.gridhub.loop.cfg"),
                String.join(
                                "\n",
                                "enabled = true",
                                "periodSeconds = " + PERIOD_SECONDS,
                                "initialDelaySeconds = 3",
                                "executeSeconds = " + EXECUTE_SECONDS,
                                "stepMinutes = 60",
                                "horizonHours = 24",
                                "timeLimitSeconds = 10",
                                "timeZone = UTC",
                                "pricesFile = " + gridhub.resolve("tariff.csv"),
                                "sharedAssetFeeders = bat=f1",
                                "defaultMode = supervised",
                                "confirmSeconds = 600",
                                "rampFractionPerSecond = " + RAMP_FRACTION,
                                "socMinPercent = 10",
                                "socMaxPercent = 95",
                                "maxAttempts = " + MAX_ATTEMPTS,
                                "writeTimeoutSeconds = 3",
                                "confirmTimeoutSeconds = 10",
                                "refreshSeconds = 30",
                                "")
                        + "\n");
        Files.writeString(
                etc.resolve("users.properties"),
                "\noperator = op-secret,operator\n"
                        + "lead = lead-secret,governance-lead\nlead2 = lead2-secret,governance-lead\n",
                StandardOpenOption.APPEND);
    }

    @After
    public void stop() throws Exception {
        try {
            if (hub != null) {
                hub.close();
            }
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }
}
