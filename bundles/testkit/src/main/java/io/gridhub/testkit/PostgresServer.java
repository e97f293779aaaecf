package io.gridhub.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the machine's own installation (Debian's {@code postgresql}: {@code
 * initdb} and {@code pg_ctl} under {@code /usr/lib/postgresql/N/bin}, or {@code PG_BIN}): a fresh cluster in a
 * temporary folder, its unix socket in that folder and TCP on 127.0.0.1 at a free port, without fsync (no test
 * observes a power cut). PostgreSQL refuses to run as root, so as root the cluster belongs to the {@code postgres}
 * user and every command runs through {@code runuser}.
 *
 * <p>One server per JVM ({@link #shared()}: a module's test run), stopped when the JVM exits; each test takes a
 * database of its own ({@link #createDatabase()}). Where no server is installed, {@link #shared()} follows
 * {@link Prerequisites}: it fails in CI ({@code .ci/run} installs {@code postgresql}) and is empty elsewhere.
 */
public final class PostgresServer implements AutoCloseable {
    /** The cluster's superuser, trusted on loopback and the socket (no password). */
    public static final String USER = "gridhub";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static Optional<PostgresServer> shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /**
     * The JVM's server, started on the first call; empty when PostgreSQL is not installed outside CI (the caller
     * skips: {@code assumeTrue(server.isPresent())}).
     */
    public static synchronized Optional<PostgresServer> shared() {
        if (shared == null) {
            Optional<Path> bin = installation();
            if (!Prerequisites.available(
                    bin.isPresent(), "PostgreSQL (initdb, pg_ctl)", "apt-get install postgresql, or set PG_BIN")) {
                shared = Optional.empty();
            } else {
                try {
                    PostgresServer s = start(bin.orElseThrow());
                    Runtime.getRuntime().addShutdownHook(new Thread(s::close, "postgres-stop"));
                    shared = Optional.of(s);
                } catch (IOException e) {
                    throw new IllegalStateException("PostgreSQL is installed but did not start: " + e.getMessage(), e);
                }
            }
        }
        return shared;
    }

    /** The folder with {@code initdb} and {@code pg_ctl}: {@code PG_BIN}, else the newest Debian installation. */
    static Optional<Path> installation() {
        String env = System.getenv("PG_BIN");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(p -> Files.isExecutable(p.resolve("pg_ctl")));
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresServer::major));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Starts a new cluster with the binaries in {@code bin}; {@link #close} stops it and deletes its folder. */
    public static PostgresServer start(Path bin) throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("gridhub-pg-");
        PostgresServer s = new PostgresServer(bin, dir, Ports.free(), root);
        if (root) {
            s.run(Duration.ofSeconds(10), "/usr/bin/chown", "postgres:postgres", dir.toString());
        }
        s.run(
                START_TIMEOUT,
                bin.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C");
        s.pgCtlStart();
        return s;
    }

    /**
     * A server of the caller's own, which it may stop and start again ({@link #stop}, {@link #startAgain}) and must
     * close; empty when PostgreSQL is not installed outside CI (the caller skips).
     */
    public static Optional<PostgresServer> startPrivate() throws IOException {
        Optional<Path> bin = installation();
        if (!Prerequisites.available(
                bin.isPresent(), "PostgreSQL (initdb, pg_ctl)", "apt-get install postgresql, or set PG_BIN")) {
            return Optional.empty();
        }
        return Optional.of(start(bin.orElseThrow()));
    }

    private void pgCtlStart() throws IOException {
        run(
                START_TIMEOUT,
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                Long.toString(START_TIMEOUT.toSeconds()),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off",
                "start");
    }

    /** Stops the server (fast shutdown: its clients are disconnected), keeping its data for {@link #startAgain}. */
    public void stop() throws IOException {
        pgCtlStop("fast", Duration.ofSeconds(60));
    }

    private void pgCtlStop(String mode, Duration timeout) throws IOException {
        run(timeout, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", mode, "-w", "stop");
    }

    /** Starts a server {@link #stop}ped before, on the same port and data. */
    public void startAgain() throws IOException {
        pgCtlStart();
    }

    /** The JDBC URL of a database of this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Creates a new, empty database and returns its name. */
    public String createDatabase() throws IOException {
        String name = "t" + databases.incrementAndGet();
        psql("postgres", "CREATE DATABASE " + name);
        return name;
    }

    /** Runs SQL through {@code psql} as the superuser (for set-up that a test's own code must not do). */
    public String psql(String database, String sql) throws IOException {
        return run(
                Duration.ofSeconds(60),
                bin.resolve("psql").toString(),
                "-X",
                "-q",
                "-t",
                "-A",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                dir.toString(),
                "-p",
                Integer.toString(port),
                "-U",
                USER,
                "-d",
                database,
                "-c",
                sql);
    }

    private String run(Duration timeout, String... command) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asPostgres && !command[0].equals("/usr/bin/chown")) {
            cmd.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(Arrays.asList(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out.strip());
        }
        return out.strip();
    }

    /** Stops the server at once (no checkpoint: the cluster is thrown away) and deletes its folder. */
    @Override
    public void close() {
        try {
            pgCtlStop("immediate", Duration.ofSeconds(30));
        } catch (IOException e) {
            System.err.println("stopping the test PostgreSQL failed: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
