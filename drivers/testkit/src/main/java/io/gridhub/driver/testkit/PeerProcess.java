package io.gridhub.driver.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridhub.api.concurrent.Daemons;
import io.gridhub.testkit.Prerequisites;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An independent protocol peer (a Node or Python script) in its own process, for interop tests on 127.0.0.1.
 *
 * <p>{@link #start()} waits, bounded, until the peer printed its ready line and, when a port is given, accepts
 * connections; {@link #stop()} kills it (SIGKILL: a crash, not a goodbye). A test that needs a peer is skipped only
 * when the runtime is really missing and only outside CI ({@link #requireOnPath}, {@link Prerequisites}); a failing
 * {@code npm ci} fails it.
 */
public final class PeerProcess implements AutoCloseable {
    private final List<String> command;
    private String readyPrefix;
    private int readySeconds = 60;
    private int port = -1;
    private Process process;
    private Thread reader;
    private final List<String> output = new ArrayList<>();

    public PeerProcess(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** {@link #start()} waits at most {@code seconds} for a line starting with {@code prefix}. */
    public PeerProcess readyLine(String prefix, int seconds) {
        this.readyPrefix = prefix;
        this.readySeconds = seconds;
        return this;
    }

    /** {@link #start()} also waits until the peer accepts connections on 127.0.0.1:{@code port}. */
    public PeerProcess listensOn(int port) {
        this.port = port;
        return this;
    }

    /**
     * Unless every executable is on the PATH: fails the calling test in CI ({@code CI=true}), else skips it loudly,
     * with an install hint ({@link Prerequisites}).
     */
    public static void requireOnPath(String hint, String... executables) {
        for (String exe : executables) {
            assumeTrue(Prerequisites.available(onPath(exe), exe, hint), exe + " is not installed: skipping");
        }
    }

    public static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, exe).canExecute()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies the regular files of {@code peers} into {@code work} and runs {@code npm ci} there unless
     * {@code node_modules/<module>} is already installed. When node or npm is missing: fails in CI, else skips.
     */
    public static synchronized void npmCi(Path peers, Path work, String module) throws Exception {
        requireOnPath("install Node 20 and npm", "node", "npm");
        Files.createDirectories(work);
        try (var files = Files.list(peers)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, work.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(work.resolve("node_modules").resolve(module))) {
            Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("npm-ci.log").toFile())
                    .start();
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "npm ci for the " + module + " peer failed; see " + work + "/npm-ci.log");
            }
        }
    }

    /** Runs a short command to its end (at most 30 s) and returns its exit code, -1 on time-out. */
    public static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Starts the peer and waits for what {@link #readyLine} and {@link #listensOn} asked for. */
    public PeerProcess start() throws Exception {
        synchronized (output) {
            output.clear();
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        reader = Daemons.thread("peer-output", () -> {
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
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readySeconds);
        try {
            if (readyPrefix != null) {
                awaitLine(readyPrefix, readySeconds);
            }
            // Some peers (pymodbus) say they are ready before they listen.
            while (port > 0 && !accepts(port)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException(
                            "peer " + command + " does not listen on " + port + ": " + output());
                }
                Thread.sleep(50);
            }
        } catch (RuntimeException | InterruptedException e) {
            stop();
            throw e;
        }
        return this;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits at most {@code seconds} for an output line starting with {@code prefix} and returns it. */
    public String awaitLine(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long deadSince = 0;
        synchronized (output) {
            while (true) {
                for (String l : output) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                long now = System.nanoTime();
                long left = deadline - now;
                if (process != null && !process.isAlive() && deadSince == 0) {
                    deadSince = now;
                }
                // A dead process may still have lines in the pipe: give the reader a second before giving up.
                if (left <= 0 || process == null || deadSince != 0 && now - deadSince > 1_000_000_000L) {
                    throw new IllegalStateException("no '" + prefix + "' from " + command + ": " + output);
                }
                output.wait(Math.max(1, Math.min(500, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /** Waits at most {@code seconds} for the peer to end by itself; returns its exit code (-1 if killed). */
    public int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            stop();
            return -1;
        }
        reader.join(5000);
        return process.exitValue();
    }

    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Kills the peer and waits (at most 10 s) for it to be gone. */
    public void stop() throws InterruptedException {
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
