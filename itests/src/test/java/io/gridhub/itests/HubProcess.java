package io.gridhub.itests;

import static org.junit.Assert.fail;

import io.gridhub.testkit.HubInstance;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The assembled distribution unpacked into a folder of its own and run as a process (the test kit's
 * {@link HubInstance}), for tests that restart or kill the hub (which Pax Exam cannot): a log per run in the build
 * directory, the IT user's account, and a failed test when the hub does not stop, die or become healthy in time.
 */
final class HubProcess implements AutoCloseable {
    private final String name;
    private final HubInstance hub;

    private HubProcess(String name, HubInstance hub) {
        this.name = name;
        this.hub = hub;
    }

    /** Unpacks the distribution built by this reactor and gives it free web ports and the IT user. */
    static HubProcess unpack(String name) throws IOException {
        String dist = System.getProperty("gridhub.distribution", "");
        if (dist.isBlank() || dist.startsWith("${")) {
            fail("gridhub.distribution is not set (run through Maven: mvn verify -pl itests)");
        }
        Path dir = GridhubContainer.buildDirectory().resolve(name).resolve(Long.toString(System.nanoTime()));
        HubInstance hub = HubInstance.unpack(Paths.get(dist), dir, ItUser.basic());
        ItUser.addTo(hub.etc());
        return new HubProcess(name, hub);
    }

    Path home() {
        return hub.home();
    }

    Path etc() {
        return hub.etc();
    }

    /** Writes {@code etc/<pid>.cfg}, replacing the distribution's file of that name if there is one. */
    void configure(String pid, String properties) throws IOException {
        hub.configure(pid, properties);
    }

    /** Adds accounts to {@code etc/users.properties}, one {@code name = password,roles…} line each. */
    void addUsers(String... lines) throws IOException {
        hub.addUsers(lines);
    }

    /**
     * Gives the ingest route one mapping, {@code etc/gridhub/mappings/<source>.json}, and no inbox folder (readings
     * come through the push endpoint only).
     */
    void mapping(String source, String json) throws IOException {
        Path mappings = Files.createDirectories(etc().resolve("gridhub/mappings"));
        Files.writeString(mappings.resolve(source + ".json"), json);
        configure("io.gridhub.camel", "mappings = " + mappings + "\ninbox = -\n");
    }

    /** A mapping of {@code source} whose points are active powers in W of asset {@code source}, as JSON. */
    static String powerMapping(String source, Map<String, String> pointsByAddress) {
        return pointsByAddress.entrySet().stream()
                .map(e -> "{\"address\":\"" + e.getKey() + "\",\"point\":\"" + e.getValue()
                        + "\",\"unit\":\"W\",\"quantity\":\"ACTIVE_POWER\",\"asset\":\"" + source + "\"}")
                .collect(Collectors.joining(",", "{\"source\":\"" + source + "\",\"points\":[", "]}"));
    }

    /** Starts {@code bin/gridhub}; its output goes to {@code <name>-<run>.log} in the build directory. */
    void start(String run) throws IOException {
        hub.start(GridhubContainer.buildDirectory().resolve(name + "-" + run + ".log"));
    }

    /** SIGTERM, and fails the test if the hub does not stop within 60 s. */
    void stop() throws InterruptedException {
        if (!hub.stop()) {
            fail("the hub did not stop within 60 s of SIGTERM");
        }
    }

    /** SIGKILL: a crash, no shutdown hook runs. */
    void kill() throws InterruptedException {
        if (!hub.kill()) {
            fail("the hub did not die within 20 s of SIGKILL");
        }
    }

    URI uri(String path) {
        return hub.uri(path);
    }

    /** The status of a GET, -1 while nothing answers. */
    int status(String path) {
        return hub.status(path);
    }

    /** Waits (bounded) for {@code GET /api/v1/health} to answer 200. */
    void awaitHealthy(Duration timeout) {
        if (!hub.awaitHealthy(timeout)) {
            fail("the hub did not become healthy within " + timeout);
        }
    }

    String karafLog() throws IOException {
        return Files.readString(home().resolve("data/log/karaf.log"));
    }

    /** Stops the hub if it still runs and removes its folder (kept with -Dgridhub.it.keepRuntime=true). */
    @Override
    public void close() throws Exception {
        hub.close();
        if (!Boolean.getBoolean("gridhub.it.keepRuntime")) {
            HubInstance.run(home().getParent(), "rm", "-rf", home().toString());
        }
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
