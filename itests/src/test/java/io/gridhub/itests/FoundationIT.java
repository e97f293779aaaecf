package io.gridhub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedAction;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/** The distribution as shipped: its bundles start, it reports healthy over HTTP, and the bus carries a sample. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FoundationIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String PREFIX = "io.gridhub.";

    @Inject
    private BundleContext context;

    @Inject
    private SampleBus bus;

    @Inject
    private LatestValues latest;

    @Inject
    private RawIngest ingest;

    @Inject
    private PointRegistry registry;

    @Inject
    private SessionFactory shell;

    @Configuration
    public Option[] configuration() {
        return GridhubContainer.configuration(FoundationIT.class);
    }

    @Test
    public void everyGridhubBundleIsActive() throws Exception {
        boolean allActive = Waits.until(
                STARTUP, () -> gridhubBundles().values().stream().allMatch(b -> b.getState() == Bundle.ACTIVE));
        Map<String, Bundle> bundles = gridhubBundles();
        assertTrue("not every gridhub bundle is ACTIVE after " + STARTUP + ": " + states(bundles), allActive);
        // The northbound servers under their own names (issue 16): a SCADA master reaches the hub through them.
        for (String required : List.of("api", "core", "web", "northbound-opcua", "northbound-iec104")) {
            assertTrue(
                    "bundle " + PREFIX + required + " is missing; installed: " + states(bundles),
                    bundles.containsKey(PREFIX + required));
        }
    }

    /** The operator's views: Prometheus metrics at /metrics (hub and JVM), and the gridhub:* commands in the shell. */
    @Test
    public void metricsAreServedAndTheShellHasTheGridhubCommands() throws Exception {
        Http.awaitHealthy(STARTUP);
        String[] last = {"no answer"};
        boolean served = Waits.until(STARTUP, () -> {
            try {
                Http.Response r = Http.get("/metrics");
                last[0] = r.status() + " " + r.body();
                return r.status() == 200
                        && r.body().contains("# TYPE gridhub_ingest_values_total counter")
                        && r.body().contains("gridhub_quarantined_total")
                        && r.body().contains("jvm_memory_used_bytes{");
            } catch (Exception e) {
                last[0] = e.toString();
                return false;
            }
        });
        assertTrue("GET /metrics: " + last[0].substring(0, Math.min(500, last[0].length())), served);
        // The four commands are registered; Karaf lists commands under an ACL (etc/org.apache.karaf.command.acl.gridhub
        // .cfg) only to a user, here one with the operator role.
        List<String> all = List.of("gridhub:audit", "gridhub:devices", "gridhub:plans", "gridhub:points");
        boolean registered = Waits.until(STARTUP, () -> commands().containsAll(all));
        assertTrue("gridhub commands an operator sees: " + commands(), registered);
    }

    private List<String> commands() {
        return Subject.doAs(user("operator"), (PrivilegedAction<List<String>>)
                () -> shell.getRegistry().getCommands().stream()
                        .map(c -> c.getScope() + ":" + c.getName())
                        .toList());
    }

    /**
     * The shell's command ACL as shipped (etc/org.apache.karaf.command.acl.gridhub.cfg), applied by Karaf to the
     * session of a user with chosen roles: a viewer runs the three read commands and is refused the audit trail, an
     * operator runs that too, an account without a gridhub role runs none. A command's Tab completion offers the
     * registry's point ids.
     */
    @Test
    public void theShellRunsACommandOnlyForTheRolesItsAclNames() throws Exception {
        PointId point = PointId.of("it.shell.p" + Long.toHexString(System.nanoTime()));
        registry.register(Point.of(point, "it", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, null));
        List<String> all = List.of("gridhub:audit", "gridhub:devices", "gridhub:plans", "gridhub:points");
        assertTrue(
                "gridhub commands an operator sees: " + commands(),
                Waits.until(STARTUP, () -> commands().containsAll(all)));

        String points = run("viewer", "gridhub:points --no-format " + point);
        assertTrue("a viewer's gridhub:points: " + points, points.contains(point.value()));
        run("viewer", "gridhub:devices --no-format");
        run("viewer", "gridhub:plans --no-format");
        assertRefused("viewer", "gridhub:audit --no-format");
        run("operator", "gridhub:audit --no-format -n 1");
        for (String command : all) {
            assertRefused("member", command + " --no-format");
        }
        // The strategy lifecycle: a viewer lists, only an operator steps (here: nothing to roll back to, which the
        // registry, not the ACL, answers).
        run("viewer", "gridhub:strategies --no-format");
        assertRefused("viewer", "gridhub:strategy-shadow forecast x 1.0.0");
        assertRefused("viewer", "gridhub:strategy-promote forecast x 1.0.0");
        assertRefused("governance-lead", "gridhub:strategy-rollback anomaly");
        try {
            run("operator", "gridhub:strategy-rollback anomaly");
            throw new AssertionError("an anomaly rollback with nothing to roll back to succeeded");
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            assertTrue(
                    "an operator's rollback: " + e,
                    String.valueOf(e.getMessage()).contains("to roll back to"));
        }

        String prefix = point.value().substring(0, point.value().length() - 3);
        List<String> offered = Subject.doAs(user("viewer"), (PrivilegedExceptionAction<List<String>>) () -> {
            try (Session session = shell.create(InputStream.nullInputStream(), quiet(), quiet())) {
                Command command = session.getRegistry().getCommands().stream()
                        .filter(c ->
                                c.getScope().equals("gridhub") && c.getName().equals("points"))
                        .findFirst()
                        .orElseThrow();
                String line = "gridhub:points " + prefix;
                List<String> candidates = new ArrayList<>();
                command.getCompleter(true)
                        .complete(
                                session,
                                new CommandLineImpl(
                                        new String[] {"gridhub:points", prefix},
                                        1,
                                        prefix.length(),
                                        line.length(),
                                        line),
                                candidates);
                return candidates;
            }
        });
        assertTrue(
                "gridhub:points " + prefix + "<Tab> offers " + offered,
                offered.stream().anyMatch(c -> c.trim().equals(point.value())));
    }

    /** A user of the hub's realm with one role, as Karaf's JAAS login makes it. */
    private static Subject user(String role) {
        Subject s = new Subject();
        s.getPrincipals().add(new UserPrincipal("it-" + role));
        s.getPrincipals().add(new RolePrincipal(role));
        return s;
    }

    /** Runs one command line in a shell session of a user with {@code role}; answers what it printed. */
    private String run(String role, String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Subject.doAs(user(role), (PrivilegedExceptionAction<Object>) () -> {
                try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                        Session session = shell.create(InputStream.nullInputStream(), print, quiet())) {
                    return session.execute(line);
                }
            });
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Karaf refuses a command the ACL does not grant the user's roles as one it does not know. */
    private void assertRefused(String role, String line) {
        try {
            String out = run(role, line);
            throw new AssertionError("a " + role + " ran '" + line + "': " + out);
        } catch (Exception e) {
            assertEquals(
                    role + ": " + line + ": " + e,
                    "CommandNotFoundException",
                    e.getClass().getSimpleName());
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    public void healthAnswers200WithVersionAndBundles() throws Exception {
        JsonNode health = Http.awaitHealthy(STARTUP).json();
        assertEquals(health.toString(), "UP", health.path("status").asText());
        int active = health.path("bundlesActive").asInt(-1);
        int total = health.path("bundlesTotal").asInt(-1);
        assertEquals(health.toString(), total, active);
        assertTrue(health.toString(), total >= 4);
        assertEquals(
                "bundles counted by /health vs. the framework's",
                gridhubBundles().size(),
                total);
        assertEquals(health.toString(), 0, health.path("notActive").size());
        // The version is the web bundle's own, as the framework reports it.
        assertEquals(
                gridhubBundles().get(PREFIX + "web").getVersion().toString(),
                health.path("version").asText());
    }

    @Test
    public void publishedSampleIsReadBackFromLatestValues() throws Exception {
        PointId point = PointId.of("it.foundation.p" + Long.toHexString(System.nanoTime()));
        // Not GOOD, and an instant with nanoseconds: both must survive the bus and the JSON unchanged.
        Instant source = Instant.parse("2026-03-04T05:06:07.123456789Z");
        Sample sample = new Sample(
                point,
                1234.5625,
                Quality.questionable(Quality.Reason.SUBSTITUTED, "itest"),
                source,
                source.plusMillis(250));
        assertFalse(
                "a fresh point has no latest value yet", latest.latest(point).isPresent());

        bus.publish(sample);

        Sample back = latest.latest(point).orElseThrow(() -> new AssertionError("no latest value of " + point));
        assertEquals(sample.value(), back.value(), 0.0);
        assertEquals(sample.quality(), back.quality());
        assertEquals(source, back.sourceTime());
        assertEquals(sample, back);

        Http.awaitHealthy(STARTUP);
        Http.Response rest = Http.get("/api/v1/points/" + point + "/latest");
        assertEquals(rest.body(), 200, rest.status());
        JsonNode json = rest.json();
        assertEquals(json.toString(), point.value(), json.path("point").asText());
        assertEquals(json.toString(), sample.value(), json.path("value").asDouble(Double.NaN), 0.0);
        assertEquals(
                json.toString(),
                "QUESTIONABLE",
                json.path("quality").path("status").asText());
        assertEquals(
                json.toString(),
                "SUBSTITUTED",
                json.path("quality").path("reason").asText());
        assertEquals(
                json.toString(), "itest", json.path("quality").path("detail").asText());
        assertEquals(
                json.toString(), source, Instant.parse(json.path("sourceTime").asText()));

        // The endpoint tells points apart: one never published has no latest value.
        Http.Response none = Http.get("/api/v1/points/" + point + "-never/latest");
        assertEquals(none.body(), 404, none.status());
    }

    /**
     * The driver host's path in the shipped hub: a device described once, by a mapping file dropped into
     * {@code etc/gridhub/mappings}; {@link RawIngest} hands its layout out, one poll cycle is normalized (scale,
     * kW → W) onto the bus, a write is scaled back by the same mapping, and the unmapped reading is in the quarantine
     * at {@code /api/v1/quarantine}.
     */
    @Test
    public void aDeviceCycleThroughRawIngestIsNormalizedAndItsRejectIsQuarantined() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        PointId point = PointId.of("it.foundation.dev" + suffix);
        registry.register(Point.of(point, "it", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, null));
        String device = "it-dev-" + suffix;
        Path mappings = Files.createDirectories(Path.of(System.getProperty("karaf.etc"), "gridhub", "mappings"));
        String json = """
                {"source": "%s", "points": [{"address": "hr:0", "point": "%s", "unit": "kW", "scale": 0.5}]}""";
        Files.writeString(mappings.resolve(device + ".json"), json.formatted(device, point));
        DeviceMapping mapping = Waits.value(STARTUP, () -> ingest.mapping(device))
                .orElseThrow(() -> new AssertionError("the mapping file of " + device + " was not loaded"));
        assertEquals(List.of(DeviceMapping.Channel.of("hr:0", point)), mapping.channels());
        // 2000 W = 2 kW, and a raw count is 0.5 kW: the device is written 4 (the reading of 4 below is 2000 W).
        assertEquals(4.0, ingest.toRaw(device, point, 2000), 1e-9);
        Instant t = Instant.parse("2026-03-04T05:06:07Z");
        IngestResult r = ingest.ingest(
                device, List.of(RawReading.of(device, "hr:0", 4, t), RawReading.of(device, "hr:99", 1, t)));
        assertEquals(new IngestResult(1, 1, 0), r);
        Sample s = latest.latest(point).orElseThrow(() -> new AssertionError("no latest value of " + point));
        assertEquals(2000.0, s.value(), 0.0);
        assertEquals(t, s.sourceTime());

        Http.awaitHealthy(STARTUP);
        Http.Response q = Http.get("/api/v1/quarantine?limit=10");
        assertEquals(q.body(), 200, q.status());
        boolean listed = false;
        for (JsonNode e : q.json().path("entries")) {
            listed |= e.path("source").asText().equals(device)
                    && e.path("address").asText().equals("hr:99");
        }
        assertTrue("the unmapped reading is listed: " + q.body(), listed);
    }

    /** The gridhub bundles by symbolic name, fragments left out (they never become ACTIVE). */
    private Map<String, Bundle> gridhubBundles() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(PREFIX))
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .collect(Collectors.toMap(Bundle::getSymbolicName, b -> b, (a, b) -> a, TreeMap::new));
    }

    private static String states(Map<String, Bundle> bundles) {
        return bundles.values().stream()
                .map(b -> b.getSymbolicName() + " " + b.getVersion() + " " + state(b))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
