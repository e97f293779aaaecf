package io.gridhub.driver.opcua;

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
 * A node-opcua script from src/test/peers in its own process (npm ci into target/peers once). Skipped only when
 * node or npm are missing; a failing npm ci fails the test.
 */
final class NodePeer implements AutoCloseable {
    static final Path PEERS = Path.of(System.getProperty("gridhub.peers", "src/test/peers"));
    static final Path WORK = Path.of(System.getProperty("gridhub.peers.work", "target/peers"));

    private final List<String> command;
    private Process process;
    private final List<String> output = new ArrayList<>();

    NodePeer(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("node"));
        cmd.add(WORK.resolve(args.get(0)).toString());
        cmd.addAll(args.subList(1, args.size()));
        this.command = cmd;
    }

    /** The node-opcua server: {@code opc.tcp://127.0.0.1:<port>/peer}, Doubles ns=1;s=Sim.D0000…, Sim.Setpoint. */
    static NodePeer server(int port, int count, int periodMillis) throws Exception {
        install();
        return new NodePeer(List.of("opcua-server.js", String.valueOf(port), "240", String.valueOf(count),
                String.valueOf(periodMillis), WORK.resolve(".pki/server").toString()));
    }

    static synchronized void install() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed: skipping the node-opcua "
                + "interop test (install Node 20 and npm)");
        Files.createDirectories(WORK);
        try (var files = Files.list(PEERS)) {
            for (Path f : files.toList()) {
                Files.copy(f, WORK.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/node-opcua"))) {
            Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
                    .redirectErrorStream(true).redirectOutput(WORK.resolve("npm-ci.log").toFile()).start();
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("npm ci for the node-opcua peer failed; see " + WORK + "/npm-ci.log");
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

    /** Starts the script and waits (at most 60 s: node-opcua is slow to start on a loaded machine) for a line. */
    NodePeer start(String readyPrefix) throws Exception {
        synchronized (output) {
            output.clear();
        }
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
        }, "node-peer-output");
        reader.setDaemon(true);
        reader.start();
        if (readyPrefix != null) {
            awaitLine(readyPrefix, 60);
        }
        return this;
    }

    String awaitLine(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (output) {
            while (true) {
                for (String l : output) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (process != null && !process.isAlive() && output.stream()
                        .noneMatch(l -> l.startsWith(prefix)))) {
                    throw new IllegalStateException("no '" + prefix + "' from " + command + ": " + output);
                }
                output.wait(Math.max(1, Math.min(500, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Kills the process (a crash, not a goodbye). */
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
