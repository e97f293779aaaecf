package io.gridhub.bench.ocpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.gridhub.api.ev.ProfilePeriod;
import io.gridhub.api.ev.ProfileResult;
import io.gridhub.driver.ocpp.OcppSettings;
import io.gridhub.driver.ocpp.internal.CentralSystem;
import io.gridhub.driver.ocpp.internal.OcppServer;
import io.gridhub.testkit.Settings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N charge points (JDK WebSocket clients, one shared HttpClient) on one central system in the same JVM, on
 * loopback: each boots, starts a transaction, then sends a Heartbeat and a MeterValues every 10 s (spread over the
 * interval) and accepts every SetChargingProfile. Every {@code planSeconds} a "plan" applies a profile of
 * {@code periods} 15-minute periods to every connector through {@code ChargingStations.applyProfile}; the time from
 * the plan to the last profile accepted is the figure (goal: under 5 s for 1,000). Prints CPU (the process: hub and
 * simulated chargers together), heap, RSS and threads.
 *
 * <p>Usage: {@code OcppBench [chargePoints=1000] [seconds=60] [periods=96] [planSeconds=15]}
 */
public final class OcppBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong FRAMES_IN = new AtomicLong();

    private OcppBench() {}

    /** One simulated charge point: sends one frame at a time, answers the hub's calls, completes its own. */
    static final class Cp implements WebSocket.Listener {
        final String id;
        private final StringBuilder text = new StringBuilder();
        private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger seq = new AtomicInteger();
        private CompletableFuture<WebSocket> sending;
        final AtomicInteger profiles = new AtomicInteger();
        int transaction;

        Cp(String id) {
            this.id = id;
        }

        synchronized void send(String frame) {
            sending = sending.thenCompose(w -> w.sendText(frame, true));
        }

        CompletableFuture<JsonNode> call(String action, String payload) {
            String uid = id + "-" + seq.incrementAndGet();
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(uid, f);
            send("[2,\"" + uid + "\",\"" + action + "\"," + payload + "]");
            return f.orTimeout(30, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                FRAMES_IN.incrementAndGet();
                try {
                    JsonNode m = JSON.readTree(frame);
                    if (m.get(0).asInt() == 2) {
                        if (m.get(2).asText().equals("SetChargingProfile")) {
                            profiles.incrementAndGet();
                        }
                        send("[3,\"" + m.get(1).asText() + "\",{\"status\":\"Accepted\"}]");
                    } else {
                        CompletableFuture<JsonNode> f = pending.remove(m.get(1).asText());
                        if (f != null) {
                            f.complete(m.get(2));
                        }
                    }
                } catch (Exception e) {
                    System.err.println(id + ": " + e);
                }
            }
            ws.request(1);
            return null;
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int periods = args.length > 2 ? Integer.parseInt(args[2]) : 96;
        int planSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        List<OcppSettings> known = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            known.add(Settings.of(OcppSettings.class, "chargePointId", id(i), "allowNoAuth", true));
        }
        CentralSystem system = new CentralSystem(Clock.systemUTC(), Duration.ofSeconds(30), 10);
        system.configure(known);
        OcppServer server = OcppServer.start(system, new OcppServer.Options("127.0.0.1", 0, "/ocpp", null, 65536, 60));
        ExecutorService io = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().executor(io).build();
        long t0 = System.nanoTime();
        List<Cp> cps = new ArrayList<>();
        for (int i = 1; i <= n; i += 50) {
            List<CompletableFuture<JsonNode>> batch = new ArrayList<>();
            for (int k = i; k < Math.min(n + 1, i + 50); k++) {
                Cp cp = new Cp(id(k));
                WebSocket ws = http.newWebSocketBuilder()
                        .subprotocols("ocpp1.6")
                        .buildAsync(URI.create("ws://127.0.0.1:" + server.boundPort() + "/ocpp/" + cp.id), cp)
                        .get(30, TimeUnit.SECONDS);
                cp.sending = CompletableFuture.completedFuture(ws);
                cps.add(cp);
                batch.add(cp.call("BootNotification", "{\"chargePointVendor\":\"Bench\",\"chargePointModel\":\"B1\"}")
                        .thenCompose(b -> cp.call(
                                "StartTransaction",
                                "{\"connectorId\":1,\"idTag\":\"T" + cp.id.hashCode() % 1000 + "\",\"meterStart\":0,"
                                        + "\"timestamp\":\"" + Instant.now() + "\"}"))
                        .thenApply(s -> {
                            cp.transaction = s.get("transactionId").asInt();
                            return s;
                        }));
            }
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        System.out.printf(
                "%d charge points connected, booted and charging in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);

        ScheduledExecutorService tick = Executors.newScheduledThreadPool(1);
        AtomicLong meterValues = new AtomicLong();
        for (int i = 0; i < cps.size(); i++) {
            Cp cp = cps.get(i);
            double[] wh = {0};
            tick.scheduleAtFixedRate(
                    () -> {
                        wh[0] += 7400 * 10 / 3600.0;
                        cp.call("Heartbeat", "{}");
                        cp.call("MeterValues", meterValues(cp.transaction, Math.round(wh[0])))
                                .thenRun(meterValues::incrementAndGet);
                    },
                    10_000L * i / cps.size(),
                    10_000,
                    TimeUnit.MILLISECONDS);
        }

        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long end = wall0 + TimeUnit.SECONDS.toNanos(seconds);
        List<Double> planTimes = new ArrayList<>();
        long rssPeak = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(planSeconds * 1000L);
            Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            List<ProfilePeriod> plan = new ArrayList<>();
            for (int p = 0; p < periods; p++) {
                plan.add(new ProfilePeriod(start.plusSeconds(900L * p), 1000 + (p * 137) % 10000));
            }
            long p0 = System.nanoTime();
            List<CompletableFuture<ProfileResult>> sent = new ArrayList<>();
            for (Cp cp : cps) {
                sent.add(system.applyProfile(cp.id, 1, plan));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            double secs = (System.nanoTime() - p0) / 1e9;
            long accepted = sent.stream().filter(f -> f.join().accepted()).count();
            planTimes.add(secs);
            rssPeak = Math.max(rssPeak, rssKb());
            System.out.printf(
                    "plan of %d periods to %d connectors: last profile accepted after %.3f s (%d accepted)%n",
                    periods, n, secs, accepted);
        }
        double cpu = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(
                "over %d s: CPU %.1f %% of one core (process: hub and %d simulated chargers), %d meter values "
                        + "answered, %d frames to the chargers, heap used %d MB, RSS peak %d MB, threads %d; plan "
                        + "times %s s%n",
                seconds,
                cpu * 100,
                n,
                meterValues.get(),
                FRAMES_IN.get(),
                (rt.totalMemory() - rt.freeMemory()) >> 20,
                rssPeak >> 10,
                Thread.activeCount(),
                planTimes.stream().map(t -> String.format("%.2f", t)).toList());
        tick.shutdownNow();
        server.stop(1000);
        system.close();
        io.shutdownNow();
        System.exit(0);
    }

    /** A MeterValues payload: the energy register and 7.4 kW. */
    private static String meterValues(int transaction, long wh) {
        return "{\"connectorId\":1,\"transactionId\":" + transaction + ",\"meterValue\":[{\"timestamp\":\""
                + Instant.now() + "\",\"sampledValue\":[{\"value\":\"" + wh + "\","
                + "\"measurand\":\"Energy.Active.Import.Register\",\"unit\":\"Wh\"},"
                + "{\"value\":\"7400\",\"measurand\":\"Power.Active.Import\",\"unit\":\"W\"}]}]}";
    }

    private static String id(int i) {
        return String.format("bench-cp%04d", i);
    }

    private static long rssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // Not Linux: no RSS.
        }
        return 0;
    }
}
