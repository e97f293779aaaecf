package io.gridhub.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker for tests: Apache's own server jars in KRaft mode (broker and controller in one node, no
 * ZooKeeper), in a JVM of its own on 127.0.0.1 with free ports, so that a test can kill it ({@link #kill}, like
 * {@code kill -9}) and start it again on the same ports and data ({@link #restart}).
 *
 * <p>The broker's classes come from the test's class path: a module that uses this declares
 * {@code org.apache.kafka:kafka_2.13} with {@code test} scope. Where they are missing, {@link #start} fails in CI and
 * the test is skipped elsewhere ({@link Prerequisites}). The broker's output goes to {@code DIR/broker.log}.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start(tempDir)) {
 *     props.put("bootstrap.servers", broker.bootstrapServers());
 *     ...
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    /** 90 s; {@code -Dgridhub.kafka.startSeconds=N} for a machine so loaded that the broker needs longer. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("gridhub.kafka.startSeconds", 90));

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String classPath;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort, String classPath) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classPath = classPath;
        // A test JVM that ends without closing the broker does not leave it running.
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill, "kafka-broker-kill"));
    }

    /** True when Kafka's server classes are on this JVM's class path. */
    public static boolean onClassPath() {
        try {
            Class.forName(MAIN, false, KafkaBroker.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Checks that the broker's classes are here ({@link Prerequisites#available}: fails in CI, answers false
     * elsewhere, for the caller's {@code assumeTrue}).
     */
    public static boolean available() {
        return Prerequisites.available(
                onClassPath(), "Apache Kafka's server jars", "add org.apache.kafka:kafka_2.13 with test scope");
    }

    /**
     * Formats a new KRaft log folder under {@code dir} with {@code partitions} as the default partition count of a
     * topic, starts the broker and waits until it is ready.
     */
    public static KafkaBroker start(Path dir, int partitions) {
        List<Integer> ports = Ports.free(2);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        KafkaBroker broker = new KafkaBroker(dir.toAbsolutePath(), ports.get(0), ports.get(1), cp);
        broker.format(partitions);
        broker.launch();
        return broker;
    }

    /** {@link #start(Path, int)} with 4 partitions a topic. */
    public static KafkaBroker start(Path dir) {
        return start(dir, 4);
    }

    /** {@code host:port} for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the broker's JVM at once (SIGKILL, as {@code kill -9}): nothing is shut down cleanly. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /** Stops the broker cleanly (SIGTERM) and waits for its JVM to end. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            waitFor(process);
            process = null;
        }
    }

    /** Starts the broker again, stopped or killed, on the same ports and data; waits until it is ready. */
    public synchronized void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        kill();
    }

    private void format(int partitions) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("server.properties"), properties(partitions));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's configuration in " + dir, e);
        }
        Process p = java(
                STORAGE_TOOL,
                "format",
                "-t",
                clusterId(),
                "-c",
                dir.resolve("server.properties").toString());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting the broker's log folder failed: see " + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the broker's log folder", e);
        }
    }

    private void launch() {
        int before = logLength();
        process = java(MAIN, dir.resolve("server.properties").toString());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!startedSince(before) || !accepts()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the Kafka broker ended at start (exit " + process.exitValue() + "): see " + log());
            }
            if (System.nanoTime() - deadline > 0) {
                kill();
                throw new IllegalStateException(
                        "the Kafka broker was not ready within " + START_TIMEOUT + ": see " + log());
            }
            sleep(100);
        }
    }

    private Process java(String main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "-Xms64m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp",
                classPath,
                main));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + main, e);
        }
    }

    private String properties(int partitions) {
        String listeners = "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + listeners,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=" + partitions,
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    /**
     * A cluster id as Kafka writes one: 16 random bytes, URL-safe Base64 without padding, and (as Kafka's own
     * {@code Uuid.randomUuid}) never starting with '-', which the storage tool's command line would take for an option.
     */
    private static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16);
            b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private Path log() {
        return dir.resolve("broker.log");
    }

    private int logLength() {
        try {
            return Files.exists(log()) ? (int) Files.size(log()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The broker's log says it started after {@code offset}. */
    private boolean startedSince(int offset) {
        try {
            byte[] all = Files.readAllBytes(log());
            String tail = new String(
                    all,
                    Math.min(offset, all.length),
                    all.length - Math.min(offset, all.length),
                    StandardCharsets.UTF_8);
            return tail.contains("Kafka Server started");
        } catch (IOException e) {
            return false;
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
