package io.gridhub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.After;
import org.junit.Test;

/**
 * {@code ./gridhub backup DIR} against a running hub while it ingests, then {@code ./gridhub restore DIR} into the
 * stopped instance: after a start every sample acknowledged before the backup began is there and the audit trail
 * (which recorded every push) verifies, with at least the entries it had when the backup began. The ledger's rows
 * are checked by store-derby's DatabaseBackupTest (a settlement run needs a community and approved policies).
 */
public class BackupRestoreIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(150);
    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    private static final String ADMIN = "it-admin";
    private static final String ADMIN_PASSWORD = "it-admin-secret";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HubProcess hub;

    @Test
    public void aBackupTakenDuringIngestRestoresEveryAcknowledgedSampleAndTheAuditChain() throws Exception {
        hub = HubProcess.unpack("backup");
        hub.addUsers(ADMIN + " = " + ADMIN_PASSWORD + ",admin,person:it-admin");
        hub.mapping("bk", """
                {"source": "bk", "points": [{"address": "e", "point": "it.backup.e", "unit": "Wh",
                  "quantity": "ACTIVE_ENERGY", "asset": "backup"}]}
                """);
        hub.start("first");
        hub.awaitHealthy(START);
        assertTrue("the push endpoint did not store a reading", Waits.until(START, () -> push(List.of(-1L))));

        List<Long> acked = new ArrayList<>();
        AtomicBoolean run = new AtomicBoolean(true);
        Thread pusher = new Thread(() -> {
            long next = 0;
            while (run.get()) {
                List<Long> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    batch.add(next++);
                }
                if (push(batch)) {
                    synchronized (acked) {
                        acked.addAll(batch);
                    }
                }
            }
        });
        pusher.start();
        assertTrue("too few pushes acknowledged", Waits.until(Duration.ofSeconds(60), () -> size(acked) >= 10_000));
        List<Long> before;
        synchronized (acked) {
            before = List.copyOf(acked);
        }
        long entriesBefore = auditEntries();
        Path backup = GridhubContainer.buildDirectory()
                .resolve("backup-dir")
                .resolve(Long.toString(System.nanoTime()))
                .toAbsolutePath();
        Process b = launcher(
                "backup",
                backup.toString(),
                "--port",
                Integer.toString(hub.uri("/").getPort()),
                "--user",
                ADMIN + ":" + ADMIN_PASSWORD);
        String out = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("./gridhub backup ended", b.waitFor(120, TimeUnit.SECONDS));
        assertEquals("./gridhub backup: " + out, 0, b.exitValue());
        assertTrue(out, Files.isRegularFile(backup.resolve("store/service.properties")));
        assertTrue(
                "pushes go on after the backup",
                Waits.until(Duration.ofSeconds(30), () -> size(acked) > before.size() + 2_000));
        run.set(false);
        pusher.join(20_000);
        hub.stop();

        Process r = launcher(
                "restore",
                backup.toString(),
                "--instance",
                hub.home().getFileName().toString());
        r.getOutputStream().close();
        String restored = new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("./gridhub restore ended", r.waitFor(120, TimeUnit.SECONDS));
        assertEquals("./gridhub restore: " + restored, 0, r.exitValue());

        hub.start("restored");
        hub.awaitHealthy(START); // UP: the audit trail verified at start and in health's check
        JsonNode verify = JSON.readTree(get("/api/v1/audit/verify").body());
        assertTrue(
                "the restored audit trail verifies: " + verify,
                verify.path("intact").asBoolean());
        assertTrue(
                "the restored trail holds the entries it had when the backup began: " + verify + " < " + entriesBefore,
                verify.path("entries").asLong() >= entriesBefore);
        Set<Long> stored = new HashSet<>();
        HttpResponse<String> samples =
                get("/api/v1/points/it.backup.e/samples?from=" + T0 + "&to=" + T0.plus(Duration.ofDays(60)));
        assertEquals(samples.body(), 200, samples.statusCode());
        for (JsonNode s : JSON.readTree(samples.body()).path("samples")) {
            stored.add(Duration.between(T0, Instant.parse(s.path("sourceTime").asText()))
                    .getSeconds());
        }
        long missing = before.stream().filter(v -> !stored.contains(v)).count();
        System.out.printf(
                "BackupRestoreIT: %d samples acknowledged before the backup, %d stored after the restore, %d missing; "
                        + "audit entries %d before the backup, %d after the restore%n",
                before.size(),
                stored.size(),
                missing,
                entriesBefore,
                verify.path("entries").asLong());
        assertEquals("samples acknowledged before the backup missing after the restore", 0, missing);
    }

    private static int size(List<Long> acked) {
        synchronized (acked) {
            return acked.size();
        }
    }

    /** Pushes one reading per second of hub time from T0 (value = the second); true when acknowledged. */
    private boolean push(List<Long> seconds) {
        StringBuilder body = new StringBuilder("{\"readings\":[");
        for (long s : seconds) {
            body.append(body.charAt(body.length() - 1) == '[' ? "" : ",")
                    .append("{\"address\":\"e\",\"time\":\"")
                    .append(s < 0 ? Instant.parse("2025-01-01T00:00:00Z") : T0.plusSeconds(s))
                    .append("\",\"value\":")
                    .append(s)
                    .append('}');
        }
        body.append("]}");
        try {
            HttpResponse<String> r = http.send(
                    ItUser.request(hub.uri("/api/v1/ingest/bk"))
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"published\":" + seconds.size());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private long auditEntries() throws Exception {
        HttpResponse<String> r = get("/api/v1/audit/verify");
        assertEquals(r.body(), 200, r.statusCode());
        return JSON.readTree(r.body()).path("entries").asLong();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                ItUser.request(hub.uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code ./gridhub} of this checkout, on the instances' folder; its output in the returned process. */
    private Process launcher(String... args) throws IOException {
        Path gridhub = Paths.get("").toAbsolutePath().getParent().resolve("gridhub");
        List<String> command = new ArrayList<>(List.of(gridhub.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("GRIDHUB_RUN_DIR", hub.home().getParent().toString());
        pb.environment().remove("GRIDHUB_USER");
        return pb.start();
    }

    @After
    public void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }
}
