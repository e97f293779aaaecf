package io.gridhub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.sim.internal.ModbusBattery;
import io.gridhub.testkit.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.After;
import org.junit.Test;

/**
 * kill -9 of the hub while it ingests at load: every sample whose HTTP push was acknowledged (200, which the hub
 * answers only after the store's commit) is there after a restart, and the store opens again; and every sample a
 * device's polls put in the store's journal (forced to disk, while the store's writes are held) is replayed into the
 * store after the restart. Pax Exam cannot kill its own container, so this test unpacks the distribution and runs
 * {@code bin/gridhub} as a process.
 */
public class StoreCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POINTS = 10;
    private static final int TIMES_PER_BATCH = 50;
    private static final int THREADS = 3;
    private static final Duration START = Duration.ofSeconds(150);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HubProcess hub;
    private ModbusBattery sim;
    private volatile String lastBody = "";

    /** One acknowledged value: point index, time offset in ms from T0, value. */
    private record Acked(int point, long millis, double value) {}

    /** One sample of the journal: point, source time, value. */
    private record Journaled(String point, Instant time, double value) {}

    /**
     * A Modbus battery polled every 100 ms while the store holds its writes ({@code holdWrites = true}): the bus's
     * samples go to the journal only. kill -9; every sample whose journal line is on disk (its CRC matches) is in the
     * store after a restart without the hold, once the journal has been replayed, and no journal segment is left.
     */
    @Test
    public void everyDevicePolledSampleInTheJournalSurvivesKillMinus9() throws Exception {
        hub = HubProcess.unpack("crash-device");
        sim = ModbusBattery.start(Ports.free(), 8, 0);
        configureDevice(sim.port(), true);
        hub.start("first");
        hub.awaitHealthy(START);
        Path journal = hub.home().resolve("data/gridhub/journal");
        boolean filled = Waits.until(
                Duration.ofSeconds(90),
                () -> journaled(journal).stream()
                                .filter(j -> j.point().startsWith("it.crashdev."))
                                .count()
                        >= 300);
        assertTrue(
                "the device's samples did not reach the journal: "
                        + journaled(journal).size(),
                filled);
        hub.kill();
        List<Journaled> acknowledged = journaled(journal);

        configureDevice(sim.port(), false);
        hub.start("second");
        hub.awaitHealthy(START);
        boolean replayed = Waits.until(START, () -> segments(journal).isEmpty());
        assertTrue("the journal was not replayed within " + START + ": " + segments(journal), replayed);
        Map<String, List<Journaled>> byPoint = new TreeMap<>();
        acknowledged.forEach(
                j -> byPoint.computeIfAbsent(j.point(), k -> new ArrayList<>()).add(j));
        long missing = 0;
        List<Journaled> examples = new ArrayList<>();
        for (Map.Entry<String, List<Journaled>> e : byPoint.entrySet()) {
            Instant from = e.getValue().stream()
                    .map(Journaled::time)
                    .min(Instant::compareTo)
                    .orElseThrow();
            Instant to = e.getValue().stream()
                    .map(Journaled::time)
                    .max(Instant::compareTo)
                    .orElseThrow();
            Set<Journaled> stored = new HashSet<>();
            for (JsonNode s : samples(e.getKey(), from, to.plusMillis(1))) {
                // A value that is not finite is null on the wire (bundles/web Json): NaN here, as in the journal.
                JsonNode v = s.path("value");
                stored.add(new Journaled(
                        e.getKey(),
                        Instant.parse(s.path("sourceTime").asText()),
                        v.isNumber() ? v.asDouble() : Double.NaN));
            }
            for (Journaled j : e.getValue()) {
                Journaled asServed = Double.isFinite(j.value()) ? j : new Journaled(j.point(), j.time(), Double.NaN);
                if (!stored.contains(asServed)) {
                    missing++;
                    if (examples.size() < 5) {
                        examples.add(j);
                    }
                }
            }
        }
        System.out.printf(
                "StoreCrashIT: %d samples of %d points in the journal at kill -9, %d missing after the restart%n",
                acknowledged.size(), byPoint.size(), missing);
        assertTrue("the device's points are among them: " + byPoint.keySet(), byPoint.containsKey("it.crashdev.p"));
        assertEquals("journaled samples missing after kill -9 and the replay, e.g. " + examples, 0, missing);
        String log = hub.karafLog();
        assertTrue("the replay was logged", log.contains("replayed the journal"));
    }

    /** The journal's samples on disk: lines whose CRC-32 matches (bundles/store-derby SampleJournal's format). */
    private static List<Journaled> journaled(Path journal) {
        List<Journaled> out = new ArrayList<>();
        for (Path segment : segments(journal)) {
            try {
                for (String line : Files.readAllLines(segment, StandardCharsets.UTF_8)) {
                    int tab = line.indexOf('\t');
                    if (tab != 8) {
                        continue;
                    }
                    String rest = line.substring(tab + 1);
                    CRC32 crc = new CRC32();
                    crc.update(rest.getBytes(StandardCharsets.UTF_8));
                    String[] f = rest.split("\t", -1);
                    if (f.length == 7 && line.substring(0, 8).equals(String.format("%08x", crc.getValue()))) {
                        out.add(new Journaled(f[0], Instant.parse(f[1]), Double.parseDouble(f[2])));
                    }
                }
            } catch (IOException e) {
                // a segment removed by a replay meanwhile
            }
        }
        return out;
    }

    private static List<Path> segments(Path journal) {
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(journal)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".journal"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The battery as device {@code crashdev} polled every 100 ms; the store's writes held or not. */
    private void configureDevice(int simPort, boolean hold) throws IOException {
        hub.mapping("crashdev", """
                {"source": "crashdev",
                 "time": {"use": "source", "maxSkew": "PT1M", "onSkew": "received"},
                 "points": [
                  {"address": "hr:0:float32", "point": "it.crashdev.p", "unit": "W", "quantity": "ACTIVE_POWER",
                   "asset": "crashdev", "min": -1000000, "max": 1000000},
                  {"address": "hr:10:float32", "point": "it.crashdev.p_set", "unit": "W", "quantity": "ACTIVE_POWER",
                   "asset": "crashdev"}]}
                """);
        hub.configure(
                "io.gridhub.driver.modbus.device-crashdev",
                "host = 127.0.0.1\nport = " + simPort + "\nunitId = 1\ntimeoutMillis = 1000\npollMillis = 100"
                        + "\nbackoffMinMillis = 500\nbackoffMaxMillis = 2000\n");
        hub.configure("io.gridhub.store.derby", "holdWrites = " + hold + "\nreplaySeconds = 2\n");
    }

    @Test
    public void everyAcknowledgedSampleSurvivesKillMinus9() throws Exception {
        hub = HubProcess.unpack("crash");
        configure();
        hub.start("first");
        awaitIngest();
        // A reading no mapping takes is quarantined (200, nothing stored); the quarantine must survive the kill too.
        HttpResponse<String> q = http.send(
                ItUser.request(uri("/api/v1/ingest/crash"))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"readings\":[{\"address\":\"zz-unmapped\","
                                + "\"time\":\"2025-01-01T00:00:00Z\",\"value\":7}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(q.body(), 200, q.statusCode());
        assertTrue(q.body(), q.body().contains("\"quarantined\":1"));

        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean run = new AtomicBoolean(true);
        AtomicLong failedPushes = new AtomicLong();
        List<Thread> pushers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread p = new Thread(() -> push(thread, run, acked, failedPushes), "pusher-" + t);
            p.start();
            pushers.add(p);
        }
        // Load for a while, then kill -9 while pushes are in flight.
        Waits.until(Duration.ofSeconds(12), () -> acked.size() >= 150_000);
        hub.kill();
        run.set(false);
        for (Thread p : pushers) {
            p.join(10_000);
        }
        int ackedBeforeKill = acked.size();
        assertTrue(
                "too few pushes acknowledged before the kill to mean anything: " + ackedBeforeKill + " values, "
                        + failedPushes.get() + " pushes failed",
                ackedBeforeKill >= 5_000);

        hub.start("second");
        hub.awaitHealthy(START);
        // The store opens (and recovers) on its own thread and registers its service when open: until then the
        // samples query answers 503.
        boolean storeUp = Waits.until(START, () -> status("/api/v1/points/it.crash.p0/samples", "GET") == 200);
        assertTrue("the store did not open again within " + START, storeUp);
        Set<Acked> stored = new HashSet<>();
        for (int p = 0; p < POINTS; p++) {
            for (JsonNode s : samples("it.crash.p" + p)) {
                Instant t = Instant.parse(s.path("sourceTime").asText());
                stored.add(new Acked(
                        p, Duration.between(T0, t).toMillis(), s.path("value").asDouble()));
            }
        }
        List<Acked> missing =
                acked.stream().filter(a -> !stored.contains(a)).limit(5).toList();
        long missingCount = acked.stream().filter(a -> !stored.contains(a)).count();
        System.out.printf(
                "StoreCrashIT: %d values acknowledged before kill -9 (%d pushes failed with it), "
                        + "%d stored after restart, %d acknowledged but missing%n",
                ackedBeforeKill, failedPushes.get(), stored.size(), missingCount);
        assertEquals("acknowledged samples missing after kill -9, e.g. " + missing, 0, missingCount);

        HttpResponse<String> quarantine = http.send(
                ItUser.request(uri("/api/v1/quarantine?limit=1000"))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(quarantine.body(), 200, quarantine.statusCode());
        JsonNode qj = JSON.readTree(quarantine.body());
        assertTrue(
                "the quarantine kept its count across kill -9: " + quarantine.body(),
                qj.path("total").asLong() >= 1);
        boolean kept = false;
        for (JsonNode e : qj.path("entries")) {
            kept |= e.path("address").asText().equals("zz-unmapped")
                    && e.path("source").asText().equals("crash");
        }
        assertTrue("the quarantined reading is listed after kill -9 and restart: " + quarantine.body(), kept);

        String log = hub.karafLog();
        assertEquals("the store opened on both starts", 2, HubProcess.count(log, "time-series store open at"));
        assertTrue("the store reported an error: " + log, !log.contains("cannot open the time-series store"));
    }

    private void push(int thread, AtomicBoolean run, ConcurrentLinkedQueue<Acked> acked, AtomicLong failed) {
        long batch = 0;
        while (run.get()) {
            List<Acked> values = new ArrayList<>();
            StringBuilder body = new StringBuilder("{\"readings\":[");
            for (int i = 0; i < TIMES_PER_BATCH; i++) {
                long millis = thread * 100_000_000L + batch * TIMES_PER_BATCH + i;
                Instant t = T0.plusMillis(millis);
                for (int p = 0; p < POINTS; p++) {
                    double v = millis + p / 100.0;
                    values.add(new Acked(p, millis, v));
                    if (body.charAt(body.length() - 1) != '[') {
                        body.append(',');
                    }
                    body.append("{\"address\":\"a")
                            .append(p)
                            .append("\",\"time\":\"")
                            .append(t)
                            .append("\",\"value\":")
                            .append(v)
                            .append('}');
                }
            }
            body.append("]}");
            batch++;
            try {
                HttpResponse<String> r = http.send(
                        ItUser.request(uri("/api/v1/ingest/crash"))
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    acked.addAll(values);
                } else {
                    failed.incrementAndGet();
                }
            } catch (IOException e) {
                failed.incrementAndGet(); // the kill: not acknowledged, may or may not be stored
                sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<JsonNode> samples(String point) throws Exception {
        return samples(point, T0, T0.plus(Duration.ofDays(30)));
    }

    private List<JsonNode> samples(String point, Instant from, Instant to) throws Exception {
        String q = "/api/v1/points/" + point + "/samples?from=" + from + "&to=" + to;
        HttpResponse<String> r = http.send(
                ItUser.request(uri(q)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).path("samples").forEach(out::add);
        return out;
    }

    // ---------------------------------------------------------------- the hub as a process

    private void configure() throws IOException {
        Map<String, String> points = new LinkedHashMap<>();
        for (int p = 0; p < POINTS; p++) {
            points.put("a" + p, "it.crash.p" + p);
        }
        hub.mapping("crash", HubProcess.powerMapping("crash", points));
    }

    /** Healthy, and the push endpoint stores a reading (the ingest bundle and the store are up). */
    private void awaitIngest() throws Exception {
        hub.awaitHealthy(START);
        // 200 with the reading published: the mapping is loaded and the store took it (a reading without its
        // mapping is quarantined, which also answers 200).
        boolean ready = Waits.until(
                START, () -> status("/api/v1/ingest/crash", "POST") == 200 && lastBody.contains("\"published\":1"));
        assertTrue("the push endpoint did not answer 200 within " + START, ready);
    }

    private int status(String path, String method) {
        try {
            HttpRequest.Builder b = ItUser.request(uri(path)).timeout(Duration.ofSeconds(5));
            // A real reading (far from the test's range): 200 only once the store took it.
            b = method.equals("POST")
                    ? b.POST(HttpRequest.BodyPublishers.ofString(
                            "{\"readings\":[{\"address\":\"a0\",\"time\":\"2025-01-01T00:00:00Z\",\"value\":1}]}"))
                    : b.GET();
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            lastBody = r.body();
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private URI uri(String path) {
        return hub.uri(path);
    }

    @After
    public void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
