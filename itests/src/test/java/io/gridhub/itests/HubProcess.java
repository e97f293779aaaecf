package io.gridhub.itests;

import static org.junit.Assert.fail;

import io.gridhub.testkit.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The assembled distribution unpacked into a folder of its own and run as a process with {@code bin/gridhub}, for
 * tests that restart or kill the hub (which Pax Exam cannot): web port on 127.0.0.1 only, a log per run in the
 * build directory, SIGTERM for a clean stop and SIGKILL for a crash ({@code bin/gridhub} execs the JVM, so the
 * process is the hub itself).
 */
final class HubProcess implements AutoCloseable {
    private static final Duration STOP = Duration.ofSeconds(60);

    private final String name;
    private final Path home;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private HubProcess(String name, Path home, int port) {
        this.name = name;
        this.home = home;
        this.port = port;
    }

    /** Unpacks the distribution built by this reactor and gives it a free web port. */
    static HubProcess unpack(String name) throws IOException {
        String dist = System.getProperty("gridhub.distribution", "");
        if (dist.isBlank() || dist.startsWith("${")) {
            fail("gridhub.distribution is not set (run through Maven: mvn verify -pl itests)");
        }
        Path dir = GridhubContainer.buildDirectory().resolve(name).resolve(Long.toString(System.nanoTime()));
        Files.createDirectories(dir);
        run(
                dir,
                "tar",
                "xzf",
                Paths.get(dist).toAbsolutePath().toString(),
                "-C",
                dir.toString(),
                "--strip-components=1");
        List<Integer> ports = Ports.free(2);
        int port = ports.get(0);
        int securePort = ports.get(1);
        Files.writeString(
                dir.resolve("etc/org.ops4j.pax.web.cfg"),
                "\norg.osgi.service.http.port = " + port
                        + "\norg.osgi.service.http.port.secure = " + securePort
                        + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n",
                StandardOpenOption.APPEND);
        ItUser.addTo(dir.resolve("etc"));
        return new HubProcess(name, dir, port);
    }

    Path home() {
        return home;
    }

    Path etc() {
        return home.resolve("etc");
    }

    /** Writes {@code etc/<pid>.cfg}, replacing the distribution's file of that name if there is one. */
    void configure(String pid, String properties) throws IOException {
        Files.writeString(etc().resolve(pid + ".cfg"), properties);
    }

    /** Adds accounts to {@code etc/users.properties}, one {@code name = password,roles…} line each. */
    void addUsers(String... lines) throws IOException {
        Files.writeString(
                etc().resolve("users.properties"), "\n" + String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
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
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/gridhub").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(GridhubContainer.buildDirectory()
                        .resolve(name + "-" + run + ".log")
                        .toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = pb.start();
    }

    /** SIGTERM, and fails the test if the hub does not stop within 60 s. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the hub did not stop within " + STOP + " of SIGTERM");
        }
    }

    /** SIGKILL: a crash, no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            fail("the hub did not die within 20 s of SIGKILL");
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The status of a GET, -1 while nothing answers. */
    int status(String path) {
        try {
            return http.send(
                            ItUser.request(uri(path))
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits (bounded) for {@code GET /api/v1/health} to answer 200. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        if (!Waits.until(timeout, () -> status("/api/v1/health") == 200)) {
            fail("the hub did not become healthy within " + timeout);
        }
    }

    String karafLog() throws IOException {
        return Files.readString(home.resolve("data/log/karaf.log"));
    }

    /** Stops the hub if it still runs and removes its folder (kept with -Dgridhub.it.keepRuntime=true). */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (!Boolean.getBoolean("gridhub.it.keepRuntime")) {
            run(home.getParent(), "rm", "-rf", home.toString());
        }
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static void run(Path dir, String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .inheritIO()
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
