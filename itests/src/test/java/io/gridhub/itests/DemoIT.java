package io.gridhub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.testkit.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;

/**
 * The demo as a user meets it: {@code ./gridhub demo} with the demo configuration, its field devices as a process
 * of their own (meter gateways over Modbus TCP, the PV plant over IEC 61850, the shared battery over OPC UA, the
 * substation RTU over IEC 60870-5-104), everything through the drivers and the ingest pipeline, on accelerated
 * time. Checks that every device is ONLINE on the four protocols, that at least 100 meter points flow and none is
 * quarantined, and that one simulated day ends in a settled day with a statement per member whose allocations add
 * up to the community's totals.
 *
 * <p>The configuration is the demo's, copied, with only the planning and forecasting periods lengthened to one
 * hub hour: at this speed the demo's 5-minute cycle would come every quarter second and take both CPUs of a CI
 * machine, which is not what this test is about.
 */
public class DemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    /** Hub seconds per wall second: a day in 72 s. */
    private static final int SPEED = 1200;
    /** Hub time before the first whole day begins: the hub starts (about 20-60 s of wall time) within it. */
    private static final Duration LEAD = Duration.ofHours(18);

    private static final Set<String> PROTOCOLS = Set.of("modbus", "opcua", "iec61850", "iec104");
    private static final int MEMBERS = 50;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process demo;
    private Path run;
    /** The field's ports in this run (free ports: a demo already running on this machine keeps its own). */
    private final List<Integer> fieldPorts = new ArrayList<>();

    private int port;
    private String auth;

    @Test
    public void fourProtocolsFlowAndADaySettlesForEveryMember() throws Exception {
        Path root = Paths.get(System.getProperty("gridhub.root", ".."))
                .toAbsolutePath()
                .normalize();
        run = GridhubContainer.buildDirectory().resolve("demo-run").resolve(Long.toString(System.nanoTime()));
        Path config = run.resolve("demo");
        copy(root.resolve("config/demo"), config);
        set(config.resolve("io.gridhub.loop.cfg"), "periodSeconds", 3600);
        set(config.resolve("io.gridhub.forecast.runner.cfg"), "periodSeconds", 3600);
        // The weather station's readings are quarantined 10 hub minutes off the hub's clock: at this speed half a
        // wall second, which a busy CI machine can stall the field process for. Two hub hours are 6 wall seconds.
        Path weather = config.resolve("mappings/demo-weather.json");
        String mapping = Files.readString(weather);
        if (!mapping.contains("\"maxSkew\": \"PT10M\"")) {
            throw new AssertionError(weather + " has no \"maxSkew\": \"PT10M\"");
        }
        Files.writeString(weather, mapping.replace("\"maxSkew\": \"PT10M\"", "\"maxSkew\": \"PT2H\""));
        List<Integer> ports = Ports.free(22); // the hub's HTTP and HTTPS, the rest for the field and northbound
        relocate(config, new ArrayDeque<>(ports.subList(2, ports.size())));
        auth = user(config, "operator");

        // The first whole local day begins LEAD after the start.
        Instant now = Instant.now();
        LocalDate day = now.plus(LEAD).atZone(SYDNEY).toLocalDate().plusDays(1);
        Instant dayStart = day.atStartOfDay(SYDNEY).toInstant();
        Instant start = dayStart.minus(LEAD);
        port = ports.get(0);
        ProcessBuilder pb = new ProcessBuilder(
                        root.resolve("gridhub").toString(),
                        "demo",
                        "--config",
                        config.toString(),
                        "--port",
                        Integer.toString(port),
                        "--speed",
                        Integer.toString(SPEED),
                        "--start",
                        start.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(run.resolve("demo.log").toFile());
        pb.environment().put("GRIDHUB_RUN_DIR", run.resolve("instances").toString());
        pb.environment().put("GRIDHUB_BUILD", "never");
        pb.environment().put("GRIDHUB_HTTPS_PORT", Integer.toString(ports.get(1)));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Instant launched = Instant.now();
        demo = pb.start();

        if (!Waits.until(Duration.ofSeconds(180), () -> status("/api/v1/health") == 200)) {
            fail("the demo did not become healthy within 180 s; " + tail());
        }

        // Every device ONLINE, on the four protocols, carrying at least 100 meter points.
        JsonNode devices =
                await("devices on four protocols, all ONLINE", Duration.ofSeconds(60), "/api/v1/devices", d -> {
                    Set<String> drivers = new HashSet<>();
                    for (JsonNode dev : list(d, "devices")) {
                        if (!"ONLINE".equals(dev.path("state").asText())) {
                            return false;
                        }
                        drivers.add(dev.path("driver").asText());
                    }
                    return drivers.containsAll(PROTOCOLS);
                });
        int meterPoints = 0;
        for (JsonNode dev : list(devices, "devices")) {
            if (dev.path("name").asText().startsWith("meters-")) {
                meterPoints += dev.path("points").asInt();
            }
        }
        assertTrue(devices.toString(), meterPoints >= 100);

        // The members' own devices are in the loop: in autonomous mode a home battery and a hot-water system (a
        // flexible
        // load) each have a setpoint of the latest plan that their device accepted.
        await(
                "a written setpoint for a home battery and a hot-water system",
                Duration.ofSeconds(120),
                "/api/v1/plans/latest",
                p -> {
                    Set<String> written = new HashSet<>();
                    for (JsonNode plan : p.has("plans") ? list(p, "plans") : List.of(p)) {
                        for (JsonNode sc : list(plan, "schedules")) {
                            String state = sc.path("execution").path("state").asText();
                            if (state.equals("WRITTEN") || state.equals("CONFIRMED")) {
                                written.add(sc.path("assetId").asText().replaceAll("^m\\d\\d-", ""));
                            }
                        }
                    }
                    return written.containsAll(Set.of("bat", "hw"));
                });

        // Meter values reach the model through the drivers and the ingest pipeline: a latest value for every
        // member's meter power, energy and load.
        Set<String> flowing = new TreeSet<>();
        Waits.until(Duration.ofSeconds(60), () -> {
            for (int n = 1; n <= MEMBERS; n++) {
                for (String point : List.of("meter.p", "meter.e_imp", "load.p")) {
                    String id = String.format("demo.m%02d-%s", n, point);
                    if (!flowing.contains(id)
                            && get("/api/v1/points/" + id + "/latest").isPresent()) {
                        flowing.add(id);
                    }
                }
            }
            return flowing.size() == 3 * MEMBERS || !pause(Duration.ofSeconds(1));
        });
        assertEquals("meter points with a value: " + flowing, 3 * MEMBERS, flowing.size());

        // One simulated day ends in a settled day: a statement per member, allocations adding up.
        // Settled at 01:30 of the next day (hub time); the wall time until then, and a minute for the settling.
        // A settled period is the day's interval, <local midnight>/<next local midnight>, in UTC.
        Duration hubUntilSettled = Duration.between(start, dayStart.plus(Duration.ofHours(27)));
        Duration wait = Duration.between(
                Instant.now(),
                launched.plusMillis(hubUntilSettled.toMillis() / SPEED).plusSeconds(60));
        JsonNode list = await(
                "the settled day from " + dayStart,
                wait,
                "/api/v1/allocations",
                a -> periods(a).anyMatch(p -> p.startsWith(dayStart + "/")));
        String period = periods(list)
                .filter(p -> p.startsWith(dayStart + "/"))
                .findFirst()
                .orElseThrow();
        JsonNode settled = get("/api/v1/allocations/demo?period=" + encode(period))
                .orElseThrow(() -> new AssertionError("no run of " + period));
        // The run: the day's meter data per member and interval (inputs) and what each member was allocated (lines).
        Map<String, Double> used = new TreeMap<>();
        double generated = 0;
        Map<String, Double> sharedPerInterval = new TreeMap<>();
        Map<String, Double> generatedPerInterval = new TreeMap<>();
        for (JsonNode in : settled.path("inputs")) {
            used.merge(in.path("memberId").asText(), in.path("consumptionWh").asDouble(), Double::sum);
            generated += in.path("generationWh").asDouble();
            generatedPerInterval.merge(
                    in.path("start").asText(), in.path("generationWh").asDouble(), Double::sum);
        }
        assertEquals("members of the settled day: " + used.keySet(), MEMBERS + 1, used.size());
        assertEquals(48 * (MEMBERS + 1), settled.path("inputs").size());
        Map<String, Double> allocated = new TreeMap<>();
        for (JsonNode line : settled.path("lines")) {
            allocated.merge(
                    line.path("memberId").asText(), line.path("allocatedWh").asDouble(), Double::sum);
            sharedPerInterval.merge(
                    line.path("intervalStart").asText(),
                    line.path("allocatedWh").asDouble(),
                    Double::sum);
        }
        double households = used.entrySet().stream()
                .filter(e -> !e.getKey().equals("coop"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        assertTrue("the households used " + households + " Wh", households > 0);
        assertTrue("the plant exported " + generated + " Wh", generated > 0);
        // No interval shares more than the plant generated in it.
        sharedPerInterval.forEach((t, w) -> assertTrue(
                t + ": " + w + " Wh shared of " + generatedPerInterval.getOrDefault(t, 0.0) + " Wh generated",
                w <= generatedPerInterval.getOrDefault(t, 0.0) + 1e-6));
        // A statement per member, adding up to the run: what each used and what each was allocated.
        for (String member : used.keySet()) {
            JsonNode st = get("/api/v1/statements/" + member + "?community=demo&period=" + encode(period))
                    .orElseThrow(() -> new AssertionError("no statement of " + member + " for " + period));
            assertEquals(st.toString(), period, st.path("period").asText());
            assertEquals(
                    st.toString(), used.get(member), st.path("consumptionWh").asDouble(), 1e-3);
            assertEquals(
                    st.toString(),
                    allocated.getOrDefault(member, 0.0),
                    st.path("allocatedWh").asDouble(),
                    1e-3);
        }

        JsonNode quarantine = get("/api/v1/quarantine").orElseThrow();
        assertEquals(quarantine.toString(), 0, quarantine.path("total").asInt());
    }

    @After
    public void stop() throws Exception {
        if (demo != null && demo.isAlive()) {
            demo.destroy();
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
                fail("the demo did not stop within 60 s of SIGTERM");
            }
        }
        // The field devices end with the hub (--stop-with): nothing may keep listening.
        if (!Waits.until(Duration.ofSeconds(15), () -> fieldPorts.stream().noneMatch(DemoIT::listening))) {
            fail("the field devices still listen 15 s after the hub stopped");
        }
        if (run != null && !Boolean.getBoolean("gridhub.it.keepRuntime")) {
            try (Stream<Path> files = Files.walk(run)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static boolean listening(int p) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", p), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    /**
     * Moves every field device and the hub's northbound servers of the copied configuration to free ports: the
     * device's entry in field.json and the hub's device configuration that reaches it, alike.
     */
    private void relocate(Path config, Deque<Integer> free) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Path fieldFile = config.resolve("field.json");
        JsonNode field = mapper.readTree(fieldFile.toFile());
        List<JsonNode> modbus = new ArrayList<>();
        field.path("gateways").forEach(modbus::add);
        field.path("homeBatteries").forEach(modbus::add);
        modbus.add(field.path("hotWater"));
        for (JsonNode device : modbus) {
            setPort(
                    config.resolve("io.gridhub.driver.modbus.device-"
                            + device.path("name").asText() + ".cfg"),
                    device,
                    free.pop());
        }
        setPort(config.resolve("io.gridhub.driver.iec61850.device-pv-plant.cfg"), field.path("pvPlant"), free.pop());
        setPort(config.resolve("io.gridhub.driver.iec104.device-rtu.cfg"), field.path("rtu"), free.pop());
        JsonNode bat = field.path("sharedBattery");
        int old = bat.path("port").asInt();
        int port = free.pop();
        ((ObjectNode) bat).put("port", port);
        fieldPorts.add(port);
        Path opcua = config.resolve("io.gridhub.driver.opcua.device-shared-bat.cfg");
        Files.writeString(opcua, Files.readString(opcua).replace("127.0.0.1:" + old + "/", "127.0.0.1:" + port + "/"));
        mapper.writerWithDefaultPrettyPrinter().writeValue(fieldFile.toFile(), field);
        for (String northbound : List.of("opcua", "iec104")) {
            Path cfg = config.resolve("io.gridhub.northbound." + northbound + ".cfg");
            set(cfg, "port", free.pop());
        }
    }

    /** A free port for {@code device} in field.json and in its device configuration {@code cfg}. */
    private void setPort(Path cfg, JsonNode device, int port) throws IOException {
        set(cfg, "port", port);
        ((ObjectNode) device).put("port", port);
        fieldPorts.add(port);
    }

    /** Sets the configuration file's line {@code key = <number>} to {@code value}; it must have that line. */
    private static void set(Path cfg, String key, int value) throws IOException {
        String text = Files.readString(cfg);
        if (!text.matches("(?s).*\\n" + key + " = \\d+\\n.*")) {
            throw new AssertionError(cfg + " has no line '" + key + " = …'");
        }
        Files.writeString(cfg, text.replaceAll("\\n" + key + " = \\d+\\n", "\n" + key + " = " + value + "\n"));
    }

    /** user:password of the configuration's first account with the role. */
    private static String user(Path config, String role) throws IOException {
        for (String line : Files.readAllLines(config.resolve("users.properties"))) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && !line.startsWith("#")) {
                String[] v = kv[1].trim().split(",");
                if (List.of(v).contains(role)) {
                    return kv[0].trim() + ":" + v[0].trim();
                }
            }
        }
        throw new AssertionError("no account with role " + role);
    }

    private static List<JsonNode> list(JsonNode n, String field) {
        List<JsonNode> out = new ArrayList<>();
        n.path(field).forEach(out::add);
        return out;
    }

    /** The settled periods of the demo community in GET /api/v1/allocations. */
    private static Stream<String> periods(JsonNode allocations) {
        return list(allocations.path("communities"), "demo").stream()
                .map(p -> p.path("period").asText());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Sleeps; false when interrupted. */
    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }

    private int status(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private Optional<JsonNode> get(String path) {
        try {
            HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private JsonNode await(String what, Duration timeout, String path, Predicate<JsonNode> ok)
            throws InterruptedException, IOException {
        JsonNode[] last = new JsonNode[1];
        Optional<JsonNode> v = Waits.value(timeout, () -> {
            Optional<JsonNode> n = get(path);
            n.ifPresent(j -> last[0] = j);
            return n.filter(ok);
        });
        if (v.isEmpty()) {
            fail("no " + what + " within " + timeout + "; last answer of " + path + ": " + last[0] + "; " + tail());
        }
        return v.get();
    }

    private String tail() throws IOException {
        Path log = run.resolve("demo.log");
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return "demo log: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
