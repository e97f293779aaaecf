package io.gridhub.driver.modbus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An independent Modbus server in its own process (the scripts under src/test/peers): modbus-serial on Node, or
 * Debian's python3-pymodbus. A test that needs one is skipped only when node or the Debian package is really
 * missing; a failing {@code npm ci} fails it.
 */
final class PeerProcess implements AutoCloseable {
    private static final Path PEERS = Path.of(System.getProperty("gridhub.peers", "src/test/peers"));
    private static final Path WORK = Path.of(System.getProperty("gridhub.peers.work", "target/peers"));
    private static final String DEBIAN_PYTHON = "/usr/bin/python3";

    private final List<String> command;
    private final int port;
    private Process process;
    private final List<String> output = new ArrayList<>();

    private PeerProcess(List<String> command, int port) {
        this.command = command;
        this.port = port;
    }

    /** modbus-serial (npm) on {@code port}, answering every unit id; registers per src/test/peers/modbus-server.js. */
    static PeerProcess node(int port) throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed: skipping the modbus-serial "
                + "interop test (install Node 20 and npm)");
        installNodePeer();
        return new PeerProcess(List.of("node", WORK.resolve("modbus-server.js").toString(), String.valueOf(port),
                "120", "10000", "100", "255"), port);
    }

    /** Debian's python3-pymodbus on {@code port}; same register map. */
    static PeerProcess pymodbus(int port) throws Exception {
        assumeTrue(new File(DEBIAN_PYTHON).canExecute() && run(List.of(DEBIAN_PYTHON, "-c", "import pymodbus")) == 0,
                "Debian's python3-pymodbus is not installed: skipping the pymodbus interop test "
                        + "(apt-get install python3-pymodbus python3-serial python3-serial-asyncio)");
        return new PeerProcess(List.of(DEBIAN_PYTHON, PEERS.resolve("modbus-server-pymodbus.py").toString(),
                String.valueOf(port), "120", "10000", "100"), port);
    }

    private static synchronized void installNodePeer() throws Exception {
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json", "modbus-server.js")) {
            Files.copy(PEERS.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/modbus-serial"))) {
            ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
                    .redirectErrorStream(true).redirectOutput(WORK.resolve("npm-ci.log").toFile());
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("npm ci for the modbus-serial peer failed; see " + WORK
                        + "/npm-ci.log");
            }
        }
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, exe).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** Starts the peer and waits (at most 20 s) until it says READY. */
    PeerProcess start() throws Exception {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                        output.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "peer-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (output) {
            while (output.stream().noneMatch(l -> l.startsWith("READY"))) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    stop();
                    throw new IllegalStateException("peer " + command + " did not start: " + output);
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        // pymodbus says READY before it listens: wait for the port too.
        while (true) {
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return this;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    stop();
                    throw new IllegalStateException("peer " + command + " does not listen on " + port + ": " + output);
                }
                Thread.sleep(50);
            }
        }
    }

    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Kills the peer (SIGKILL: a crash, not a goodbye) and waits for it to be gone. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
