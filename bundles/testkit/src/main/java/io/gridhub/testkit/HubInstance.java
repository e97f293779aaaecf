package io.gridhub.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The assembled distribution unpacked into a folder of its own and run as a process with {@code bin/gridhub}, for
 * the integration tests that restart or kill a hub and for the benchmarks that run several: its web server on
 * 127.0.0.1 and two free ports (HTTP and HTTPS; hubs on one machine would share the distribution's fixed ones).
 * {@code bin/gridhub} execs the JVM, so the process is the hub itself: SIGTERM stops it cleanly, SIGKILL is a
 * crash. The folder stays; the caller owns it.
 */
public final class HubInstance implements AutoCloseable {
    private static final Duration STOP = Duration.ofSeconds(60);

    private final Path home;
    private final int port;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private Process process;

    private HubInstance(Path home, int port, String authorization) {
        this.home = home;
        this.port = port;
        this.authorization = authorization;
    }

    /**
     * Unpacks {@code distribution} (the {@code .tar.gz} the reactor assembles) into {@code home}, created if
     * missing, and puts its web server on 127.0.0.1 and free ports.
     *
     * @param authorization the {@code Authorization} header of the hub's requests ({@link #status}); the caller
     *                      adds that account ({@link #addUsers})
     */
    public static HubInstance unpack(Path distribution, Path home, String authorization) throws IOException {
        Files.createDirectories(home);
        run(
                home,
                "tar",
                "xzf",
                distribution.toAbsolutePath().toString(),
                "-C",
                home.toString(),
                "--strip-components=1");
        List<Integer> ports = Ports.free(2);
        Files.writeString(
                home.resolve("etc/org.ops4j.pax.web.cfg"),
                "\norg.osgi.service.http.port = " + ports.get(0) + "\norg.osgi.service.http.port.secure = "
                        + ports.get(1) + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n",
                StandardOpenOption.APPEND);
        return new HubInstance(home, ports.get(0), authorization);
    }

    public Path home() {
        return home;
    }

    public Path etc() {
        return home.resolve("etc");
    }

    /** Writes {@code etc/<pid>.cfg}, replacing the distribution's file of that name if there is one. */
    public void configure(String pid, String properties) throws IOException {
        Files.writeString(etc().resolve(pid + ".cfg"), properties);
    }

    /** Adds accounts to {@code etc/users.properties}, one {@code name = password,roles…} line each. */
    public void addUsers(String... lines) throws IOException {
        Files.writeString(
                etc().resolve("users.properties"), "\n" + String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
    }

    /** Starts {@code bin/gridhub} with this JVM's Java; its output is appended to {@code log}. */
    public void start(Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/gridhub").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = pb.start();
    }

    public long pid() {
        return process.pid();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A request to {@code path} with the hub's authorization and a JSON content type (harmless on a GET). */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json");
    }

    /** The status of a GET, -1 while nothing answers. */
    public int status(String path) {
        return send(request(path).timeout(Duration.ofSeconds(5)).GET().build());
    }

    /** The status of a request, -1 when it got no answer. */
    public int send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits (bounded) for {@code GET /api/v1/health} to answer 200; false when it did not within the time. */
    public boolean awaitHealthy(Duration timeout) {
        return Waits.holds(timeout, () -> status("/api/v1/health") == 200);
    }

    /** SIGTERM; false when the hub did not stop within 60 s (it is then killed). */
    public boolean stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return true;
    }

    /** SIGKILL, a crash: no shutdown hook runs. False when the process did not end within 20 s. */
    public boolean kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Stops the hub if it still runs (SIGTERM, then SIGKILL after 60 s). */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    /** Runs a command in {@code dir}, at most 120 s; an exit other than 0 is an {@link IOException}. */
    public static void run(Path dir, String... command) throws IOException {
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
