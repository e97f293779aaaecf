package io.gridhub.bench.scaleout;

import io.gridhub.testkit.HubInstance;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * One hub of the benchmark: the test kit's {@link HubInstance} (the built distribution unpacked into a folder of
 * its own and run with {@code bin/gridhub}, its web server on 127.0.0.1 and free ports) with an operator account for
 * the REST ingest, the northbound OPC UA server off and the OCPP central system on a free port (hubs on one machine
 * would share their fixed ports).
 */
final class Hub implements AutoCloseable {
    static final String USER = "bench-operator";
    private static final String PASSWORD = "bench-operator-secret";

    final String name;
    private final HubInstance hub;

    private Hub(String name, HubInstance hub) {
        this.name = name;
        this.hub = hub;
    }

    static Hub unpack(Path distribution, Path work, String name) throws IOException {
        String auth =
                "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HubInstance hub = HubInstance.unpack(distribution, work.resolve(name), auth);
        hub.addUsers(USER + " = " + PASSWORD + ",operator,person:bench");
        hub.configure("io.gridhub.northbound.opcua", "enabled = false\n");
        hub.configure("io.gridhub.driver.ocpp", "port = " + Ports.free() + "\n");
        return new Hub(name, hub);
    }

    Path etc() {
        return hub.etc();
    }

    void start(Path logs) throws IOException {
        hub.start(logs.resolve(name + ".log"));
    }

    long pid() {
        return hub.pid();
    }

    void awaitHealthy(Duration timeout) {
        Waits.until(timeout, () -> hub.status("/api/v1/health") == 200, name + " healthy");
    }

    /** Pushes one JSON body to {@code /api/v1/ingest/field}; true when the hub answered 200 (after its commit). */
    boolean ingest(String body) {
        HttpRequest r = hub.request("/api/v1/ingest/field")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return hub.send(r) == 200;
    }

    @Override
    public void close() throws InterruptedException {
        hub.close();
    }
}
