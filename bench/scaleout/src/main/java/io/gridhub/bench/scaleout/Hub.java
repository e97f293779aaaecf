package io.gridhub.bench.scaleout;

import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One hub of the benchmark: the built distribution unpacked into a folder of its own and run with {@code bin/gridhub}
 * (which execs the JVM, so the process is the hub), its web server on 127.0.0.1 and a free port, an operator account
 * for the REST ingest, the northbound OPC UA server off and the OCPP central system on a free port (hubs on one
 * machine would share their fixed ports).
 */
final class Hub implements AutoCloseable {
    static final String USER = "bench-operator";
    private static final String PASSWORD = "bench-operator-secret";
    private static final Duration STOP = Duration.ofSeconds(60);

    final String name;
    private final Path home;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String auth =
            "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private Process process;

    private Hub(String name, Path home, int port) {
        this.name = name;
        this.home = home;
        this.port = port;
    }

    static Hub unpack(Path distribution, Path work, String name) throws IOException {
        Path home = Files.createDirectories(work.resolve(name));
        run(
                home,
                "tar",
                "xzf",
                distribution.toAbsolutePath().toString(),
                "-C",
                home.toString(),
                "--strip-components=1");
        List<Integer> ports = Ports.free(3);
        Files.writeString(
                home.resolve("etc/org.ops4j.pax.web.cfg"),
                "\norg.osgi.service.http.port = " + ports.get(0) + "\norg.osgi.service.http.port.secure = "
                        + ports.get(1) + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n",
                StandardOpenOption.APPEND);
        Files.writeString(
                home.resolve("etc/users.properties"),
                "\n" + USER + " = " + PASSWORD + ",operator,person:bench\n",
                StandardOpenOption.APPEND);
        Files.writeString(home.resolve("etc/io.gridhub.northbound.opcua.cfg"), "enabled = false\n");
        Files.writeString(home.resolve("etc/io.gridhub.driver.ocpp.cfg"), "port = " + ports.get(2) + "\n");
        return new Hub(name, home, ports.get(0));
    }

    Path etc() {
        return home.resolve("etc");
    }

    void start(Path logs) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/gridhub").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        logs.resolve(name + ".log").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = pb.start();
    }

    long pid() {
        return process.pid();
    }

    void awaitHealthy(Duration timeout) {
        Waits.until(timeout, () -> status("/api/v1/health") == 200, name + " healthy");
    }

    /** Pushes one JSON body to {@code /api/v1/ingest/field}; true when the hub answered 200 (after its commit). */
    boolean ingest(String body) {
        try {
            HttpRequest r = HttpRequest.newBuilder(uri("/api/v1/ingest/field"))
                    .header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int status(String path) {
        try {
            HttpRequest r = HttpRequest.newBuilder(uri(path))
                    .header("Authorization", auth)
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static void run(Path dir, String... command) throws IOException {
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
