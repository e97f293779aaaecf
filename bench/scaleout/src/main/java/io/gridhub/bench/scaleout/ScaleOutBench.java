package io.gridhub.bench.scaleout;

import io.gridhub.testkit.KafkaBroker;
import io.gridhub.testkit.PostgresServer;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The scale-out benchmark of issue 24 (docs/benchmarks.md#scale-out): two edge hubs (role {@code edge}, each on its
 * own Derby store) publish to a real Kafka broker (the test kit's {@link KafkaBroker}, KRaft), a central hub (role
 * {@code central}) stores into a real PostgreSQL (the test kit's {@link PostgresServer}, made durable again:
 * {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on), and, in the same run, one hub on Derby
 * alone takes the same load. Every hub is the built distribution run as a process.
 *
 * <p>The field path is the REST ingest ({@code POST /api/v1/ingest/field}, answered after the receiving hub's store
 * committed). Each round, for one partition count:
 *
 * <ul>
 *   <li><b>throughput</b>: {@code clients} connections per site push batches of 240 readings back to back for
 *       {@code seconds}; the figure is the readings acknowledged divided by the time from the first push until the
 *       last of them is a row in PostgreSQL (polled every 500 ms with a count of the phase's source times), and for
 *       the Derby hub the readings it acknowledged (committed) per second;
 *   <li><b>latency</b>: each site pushes {@code rate/2} readings per second in 10 batches per second, each with a
 *       probe reading whose source time is the batch's scheduled time (so a late push counts); a poll loop every
 *       10 ms reads the probe points' new rows from PostgreSQL (by primary key) and takes the poll's time as the time
 *       the row became visible (up to 10 ms late). For the Derby hub the store is reached when the push is answered.
 * </ul>
 *
 * <p>CPU seconds per process ({@code /proc}) over the throughput phase give values per CPU second for each role.
 * Usage: {@code ScaleOutBench DISTRIBUTION.tar.gz WORKDIR [seconds=15] [repetitions=3] [partitions=1,3,6]
 * [rate=1000] [clients=2]}.
 */
public final class ScaleOutBench {
    private static final String SCHEMA = "central_1";
    private static final Duration START = Duration.ofSeconds(600);
    private static final Duration DRAIN = Duration.ofSeconds(180);
    private static final int MAX_BATCHES = 100_000;

    private final Path work;
    private final int seconds;
    private final int rate;
    private final int clients;
    private final FieldLoad a = new FieldLoad("a");
    private final FieldLoad b = new FieldLoad("b");
    private KafkaBroker broker;
    private Hub edgeA;
    private Hub edgeB;
    private Hub central;
    private Hub single;
    private Connection db;
    private long postmaster;
    private long brokerPid;

    private ScaleOutBench(Path work, int seconds, int rate, int clients) {
        this.work = work;
        this.seconds = seconds;
        this.rate = rate;
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int[] partitions = Arrays.stream((args.length > 4 ? args[4] : "1,3,6").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int rate = args.length > 5 ? Integer.parseInt(args[5]) : 1_000;
        int clients = args.length > 6 ? Integer.parseInt(args[6]) : 2;
        ScaleOutBench bench = new ScaleOutBench(work, seconds, rate, clients);
        try {
            bench.setUp(dist);
            List<Round> rounds = new ArrayList<>();
            for (int p : partitions) {
                bench.topics(p);
                for (int rep = 1; rep <= reps; rep++) {
                    Round r = bench.round(p, rep);
                    System.out.println(r.line());
                    rounds.add(r);
                }
            }
            bench.summary(rounds, partitions);
        } finally {
            bench.close();
        }
    }

    private void setUp(Path dist) throws IOException, SQLException {
        PostgresServer pg = PostgresServer.shared().orElseThrow(() -> new IllegalStateException("no PostgreSQL"));
        String database = pg.createDatabase();
        for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
            pg.psql("postgres", "ALTER SYSTEM SET " + setting + " = on");
        }
        pg.psql("postgres", "SELECT pg_reload_conf()");
        String url = pg.url(database);
        db = DriverManager.getConnection(url, PostgresServer.USER, "");
        postmaster = Cpu.find("postgres", "-p " + pg.port() + " ").orElseThrow();
        System.out.printf(
                "PostgreSQL on port %d (postmaster %d): %s%n", pg.port(), postmaster, query("SELECT version()"));
        Path dir = work.resolve("broker");
        // run.sh gives the broker up to 10 min to start (gridhub.kafka.startSeconds): the machine may be busy.
        broker = KafkaBroker.start(dir, 1);
        brokerPid = Cpu.find("kafka.Kafka", dir.toString()).orElseThrow();

        edgeA = fieldHub(dist, "edge-a", a);
        edgeB = fieldHub(dist, "edge-b", b);
        single = fieldHub(dist, "single-derby", a, b);
        central = Hub.unpack(dist, work, "central");
        Files.delete(central.etc().resolve("io.gridhub.store.derby.cfg"));
        Files.writeString(
                central.etc().resolve("io.gridhub.store.postgresql.cfg"),
                "url = " + url + "\nuser = " + PostgresServer.USER + "\npassword =\nschema = " + SCHEMA
                        + "\npoolSize = 4\nretentionDays = 0\n");
        topics(1);
        Path logs = Files.createDirectories(work.resolve("logs"));
        for (Hub h : List.of(edgeA, edgeB, central, single)) {
            h.start(logs);
        }
        for (Hub h : List.of(edgeA, edgeB, central, single)) {
            h.awaitHealthy(START);
        }
        System.out.println("four hubs healthy; " + loadAverage());
    }

    /** A hub whose REST ingest takes the readings of {@code sites} (source {@code field}). */
    private Hub fieldHub(Path dist, String name, FieldLoad... sites) throws IOException {
        Hub h = Hub.unpack(dist, work, name);
        Path mappings = Files.createDirectories(h.etc().resolve("gridhub/mappings"));
        List<String> points = new ArrayList<>();
        for (FieldLoad s : sites) {
            points.add(s.mappingPoints());
        }
        Files.writeString(
                mappings.resolve("field.json"), "{\"source\":\"field\",\"points\":[" + String.join(",", points) + "]}");
        Files.writeString(h.etc().resolve("io.gridhub.camel.cfg"), "mappings = " + mappings + "\ninbox = -\n");
        return h;
    }

    /** Topics of their own for a partition count; the hubs take the change from etc/ (FileInstall) while they run. */
    private void topics(int partitions) throws IOException {
        for (Hub h : new Hub[] {edgeA, edgeB, central}) {
            if (h == null) {
                continue;
            }
            String role = h == central ? "central" : "edge";
            String prefix = "bench.p" + partitions + ".";
            Files.writeString(
                    h.etc().resolve("io.gridhub.kafka.cfg"),
                    "role = " + role + "\nbootstrapServers = " + broker.bootstrapServers() + "\nhub = " + h.name
                            + "\npartitions = " + partitions + "\nsamplesTopic = " + prefix + "samples\neventsTopic = "
                            + prefix + "events\nplansTopic = " + prefix + "plans\n");
        }
    }

    private Round round(int partitions, int rep) throws Exception {
        Round r = new Round(partitions, rep, loadAverage());
        warmUp();
        // Scale-out, throughput.
        Map<String, Long> pids = scaleOutProcesses();
        Map<String, Double> cpu0 = cpu(pids);
        long from = FieldLoad.nowNanos();
        long t0 = System.nanoTime();
        long acked = closedLoop(new Hub[] {edgeA, edgeB}, new FieldLoad[] {a, b});
        long until = FieldLoad.nowNanos();
        r.edgeAckedPerS = acked / secondsSince(t0);
        r.lagAtEnd = acked - rows(from, until);
        Waits.holds(DRAIN, () -> rows(from, until) >= acked);
        r.stored = rows(from, until);
        r.pgPerS = r.stored / secondsSince(t0);
        Map<String, Double> cpu1 = cpu(pids);
        // An edge carries its own site's half of the values; the broker, central and PostgreSQL carry them all.
        cpu1.forEach((k, v) -> r.valuesPerCpuS.put(
                k, (k.startsWith("edge") ? r.stored / 2.0 : r.stored) / Math.max(0.01, v - cpu0.get(k))));
        r.scaleOutLatency = latencyScaleOut();
        // The single Derby hub, same load.
        double d0 = Cpu.seconds(single.pid(), false);
        t0 = System.nanoTime();
        long derbyAcked = closedLoop(new Hub[] {single, single}, new FieldLoad[] {a, b});
        r.derbyPerS = derbyAcked / secondsSince(t0);
        r.valuesPerCpuS.put("single", derbyAcked / Math.max(0.01, Cpu.seconds(single.pid(), false) - d0));
        r.derbyLatency = latencyDerby();
        return r;
    }

    /** Probe readings on both edges every 500 ms until both reached PostgreSQL (the topics may just have changed). */
    private void warmUp() {
        long since = FieldLoad.nowNanos();
        Waits.until(
                START,
                () -> {
                    for (FieldLoad s : new FieldLoad[] {a, b}) {
                        (s == a ? edgeA : edgeB).ingest(s.batch(0, 0, s.stamp(FieldLoad.nowNanos()), true));
                    }
                    return probeRows(a, since).size() > 0 && probeRows(b, since).size() > 0;
                },
                "probe readings of both edges in PostgreSQL");
    }

    /** {@code clients} connections per site push full batches back to back for {@code seconds}; readings acked. */
    private long closedLoop(Hub[] hubs, FieldLoad[] sites) throws InterruptedException {
        AtomicLong acked = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < hubs.length; i++) {
            Hub h = hubs[i];
            FieldLoad s = sites[i];
            for (int c = 0; c < clients; c++) {
                threads.add(started(() -> {
                    for (int n = 0; n < MAX_BATCHES && System.nanoTime() < end; n++) {
                        if (h.ingest(s.batch(0, FieldLoad.POINTS, s.stamp(FieldLoad.nowNanos()), false))) {
                            acked.addAndGet(FieldLoad.POINTS);
                        }
                    }
                }));
            }
        }
        for (Thread t : threads) {
            t.join(seconds * 1_000L + 120_000);
        }
        return acked.get();
    }

    /**
     * Paced pushes at {@code rate} readings/s over both edges; the latency of each probe from its scheduled source
     * time until a 10 ms poll loop finds its row in PostgreSQL.
     */
    private List<Double> latencyScaleOut() throws InterruptedException {
        long from = FieldLoad.nowNanos();
        List<Thread> pushers = paced(new Hub[] {edgeA, edgeB}, null);
        List<Double> ms = new ArrayList<>();
        long[] seen = {from, from};
        int expected = seconds * 10 * 2;
        long deadline = System.nanoTime() + (seconds * 1_000L + DRAIN.toMillis()) * 1_000_000L;
        while (ms.size() < expected && System.nanoTime() < deadline) {
            for (int i = 0; i < 2; i++) {
                for (long ns : probeRows(i == 0 ? a : b, seen[i])) {
                    ms.add((FieldLoad.nowNanos() - ns) / 1e6);
                    seen[i] = Math.max(seen[i], ns);
                }
            }
            Thread.sleep(10);
        }
        for (Thread t : pushers) {
            t.join(60_000);
        }
        return ms;
    }

    /** The same paced pushes to the Derby hub: its store has the readings when it answers. */
    private List<Double> latencyDerby() throws InterruptedException {
        List<Double> ms = Collections.synchronizedList(new ArrayList<>());
        for (Thread t : paced(new Hub[] {single, single}, ms)) {
            t.join(seconds * 1_000L + 120_000);
        }
        return ms;
    }

    /** One pusher per site: 10 batches a second, each {@code rate / 20} readings and a probe at the scheduled time. */
    private List<Thread> paced(Hub[] hubs, List<Double> ackLatencies) {
        int perBatch = Math.max(1, rate / 20);
        long start = FieldLoad.nowNanos() + 100_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Hub h = hubs[i];
            FieldLoad s = i == 0 ? a : b;
            threads.add(started(() -> {
                for (int k = 0; k < seconds * 10; k++) {
                    long scheduled = start + k * 100_000_000L;
                    sleepUntil(scheduled);
                    long t = s.stamp(scheduled);
                    if (h.ingest(s.batch(k * perBatch, perBatch, t, true)) && ackLatencies != null) {
                        ackLatencies.add((FieldLoad.nowNanos() - t) / 1e6);
                    }
                }
            }));
        }
        return threads;
    }

    private static Thread started(Runnable body) {
        Thread t = new Thread(body, "bench-pusher");
        t.start();
        return t;
    }

    private Map<String, Long> scaleOutProcesses() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("edge-a", edgeA.pid());
        m.put("edge-b", edgeB.pid());
        m.put("broker", brokerPid);
        m.put("central", central.pid());
        m.put("postgresql", postmaster);
        return m;
    }

    private Map<String, Double> cpu(Map<String, Long> pids) {
        Map<String, Double> m = new LinkedHashMap<>();
        pids.forEach((k, pid) -> m.put(k, Cpu.seconds(pid, k.equals("postgresql"))));
        return m;
    }

    /** Rows in the central schema with a source time in [from, until] (every point is the benchmark's). */
    private long rows(long from, long until) {
        try (PreparedStatement s =
                db.prepareStatement("SELECT count(*) FROM " + SCHEMA + ".ts_sample WHERE source_ns BETWEEN ? AND ?")) {
            s.setLong(1, from);
            s.setLong(2, until);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            return 0;
        }
    }

    /** Source times (epoch ns) of the site's probe rows newer than {@code after}, oldest first (primary key scan). */
    private List<Long> probeRows(FieldLoad site, long after) {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT s.source_ns FROM " + SCHEMA + ".ts_sample s WHERE"
                + " s.point_id = (SELECT point_id FROM " + SCHEMA + ".ts_point WHERE name = ?) AND s.source_ns > ?"
                + " ORDER BY s.source_ns")) {
            s.setString(1, site.probePoint());
            s.setLong(2, after);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
        } catch (SQLException e) {
            return out; // the schema is not there yet
        }
        return out;
    }

    private String query(String sql) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getString(1);
        }
    }

    private void summary(List<Round> rounds, int[] partitions) throws SQLException {
        System.out.println();
        System.out.println("| partitions | edges acked values/s | into PostgreSQL values/s | single Derby values/s"
                + " | ratio | p50 / p99 ms to PostgreSQL | p50 / p99 ms single Derby (ack) | loads |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int p : partitions) {
            List<Round> rs = rounds.stream().filter(r -> r.partitions == p).toList();
            double pg = median(rs, r -> r.pgPerS);
            double derby = median(rs, r -> r.derbyPerS);
            System.out.printf(
                    "| %d | %.0f | %.0f | %.0f | %.2f | %.0f / %.0f | %.0f / %.0f | %s |%n",
                    p,
                    median(rs, r -> r.edgeAckedPerS),
                    pg,
                    derby,
                    pg / derby,
                    median(rs, r -> percentile(r.scaleOutLatency, 50)),
                    median(rs, r -> percentile(r.scaleOutLatency, 99)),
                    median(rs, r -> percentile(r.derbyLatency, 50)),
                    median(rs, r -> percentile(r.derbyLatency, 99)),
                    String.join(" ", rs.stream().map(r -> r.load).toList()));
        }
        System.out.println();
        System.out.println("values per CPU second (medians over every round):");
        for (String k : rounds.get(0).valuesPerCpuS.keySet()) {
            System.out.printf("  %-10s %.0f%n", k, median(rounds, r -> r.valuesPerCpuS.get(k)));
        }
        System.out.printf(
                "PostgreSQL ts_sample: %s rows, %s bytes with its primary key, %s bytes heap%n",
                query("SELECT count(*) FROM " + SCHEMA + ".ts_sample"),
                query("SELECT pg_total_relation_size('" + SCHEMA + ".ts_sample')"),
                query("SELECT pg_relation_size('" + SCHEMA + ".ts_sample')"));
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> f) {
        double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get(Math.min(v.size() - 1, (int) Math.ceil(p / 100.0 * v.size()) - 1));
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static void sleepUntil(long epochNanos) {
        long ms = (epochNanos - FieldLoad.nowNanos()) / 1_000_000;
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load " + f[0] + " " + f[1] + " " + f[2] + " at " + Instant.now();
        } catch (IOException e) {
            return "load ?";
        }
    }

    private void close() throws Exception {
        for (Hub h : new Hub[] {edgeA, edgeB, central, single}) {
            if (h != null) {
                h.close();
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** One round's figures. */
    private static final class Round {
        final int partitions;
        final int rep;
        final String load;
        double edgeAckedPerS;
        double pgPerS;
        long stored;
        long lagAtEnd;
        double derbyPerS;
        List<Double> scaleOutLatency = List.of();
        List<Double> derbyLatency = List.of();
        final Map<String, Double> valuesPerCpuS = new LinkedHashMap<>();

        Round(int partitions, int rep, String load) {
            this.partitions = partitions;
            this.rep = rep;
            this.load = load.split(" ")[1];
        }

        String line() {
            return String.format(
                    "partitions %d rep %d (load %s): edges acked %.0f/s, PostgreSQL %.0f/s (%d rows, %d behind at the"
                            + " end of the pushes), p50/p99 %.0f/%.0f ms (%d probes); single Derby %.0f/s, ack p50/p99"
                            + " %.0f/%.0f ms; values per CPU s %s",
                    partitions,
                    rep,
                    load,
                    edgeAckedPerS,
                    pgPerS,
                    stored,
                    lagAtEnd,
                    percentile(scaleOutLatency, 50),
                    percentile(scaleOutLatency, 99),
                    scaleOutLatency.size(),
                    derbyPerS,
                    percentile(derbyLatency, 50),
                    percentile(derbyLatency, 99),
                    valuesPerCpuS);
        }
    }
}
