package io.gridhub.camel.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.store.derby.internal.DerbyStore;
import io.gridhub.testkit.FakeRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * The ingest and store benchmark, in one run (see docs/benchmarks.md): values/s through the normalization route,
 * values/s durably stored by our block store, the same rows inserted one row per value in batches (the
 * reference), and the latency of one point-day query. The machine is shared and loaded: every figure is the
 * median of several rounds.
 */
public final class IngestBench {
    private static final int ROUNDS = 5;
    private static final int POINTS_PER_CYCLE = 1000;
    private static final int STORE_POINTS = 100;
    private static final int STORE_STEPS = 100; // samples per point per batch: 10,000 values per commit
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private IngestBench() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        Path dir = Files.createTempDirectory("gridhub-bench-ingest");
        try {
            List<Double> normalize = normalization(dir.resolve("mappings"), seconds, false);
            List<Double> normalizeCpu = lastCpuRates;
            List<Double> device = normalization(dir.resolve("mappings-device"), seconds, true);
            List<Double> direct = directPublish(seconds);
            List<Double> ours = storeAppend(dir.resolve("ours"), seconds);
            List<Double> oursCpu = lastCpuRates;
            List<Double> naive = naiveInsert(dir.resolve("naive"), seconds);
            double[] query = pointDayQuery(dir.resolve("ours"));
            double naiveQuery = naivePointDayQuery(dir.resolve("naive"));
            System.out.println("| measure | median | rounds (min – max) |");
            System.out.println("|---|---|---|");
            row("values/s through normalization (route gridhub-normalize, cycles of 1,000)", normalize);
            row("values per CPU-second of the ingesting thread (normalization)", normalizeCpu);
            row(
                    "values/s through normalization, a device's mapping (poll groups, points the community registered)",
                    device);
            row("values/s naive direct path (raw × scale → Sample → one bus publish per cycle, no Camel)", direct);
            System.out.printf(
                    "| naive direct ÷ normalization (medians): what the route costs | %.0f× | |%n",
                    median(direct) / median(normalize));
            row("values/s durably stored (DerbyStore.append, 10,000 values per commit)", ours);
            row("values per CPU-second of the appending thread (store; excludes fsync waits)", oursCpu);
            row("values/s naive one row per value (JDBC batch of 10,000 per commit)", naive);
            System.out.printf("| ours ÷ naive (medians) | %.1f× | |%n", median(ours) / median(naive));
            System.out.printf(
                    "| point-day query, raw (86,400 samples, 24 merged blocks): wall ms | %.2f | |%n", query[0]);
            System.out.printf("| point-day query, raw: CPU ms of the querying thread | %.2f | |%n", query[3]);
            System.out.printf("| point-day query, 15-min buckets (96): wall ms | %.2f | |%n", query[1]);
            System.out.printf("| point-day query, 15-min buckets: CPU ms | %.2f | |%n", query[4]);
            System.out.printf("| point-day query on the naive table (86,400 rows), ms | %.2f | |%n", naiveQuery);
            System.out.printf(
                    "| bytes per value in our blocks (1-s regular series, after merge) | %.2f | |%n", query[2]);
        } finally {
            deleteTree(dir);
        }
    }

    // ---------------------------------------------------------------- normalization

    /**
     * @param device true: a device's mapping as the driver host polls it (poll groups; points registered beforehand,
     *               as the community's are, so the mapping gives no quantity); false: a source registering its points
     */
    private static List<Double> normalization(Path mappings, double seconds, boolean device) throws Exception {
        Files.createDirectories(mappings);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < POINTS_PER_CYCLE; i++) {
            points.append(i == 0 ? "" : ",")
                    .append("{\"address\":\"r")
                    .append(i)
                    .append("\",\"point\":\"bench.m")
                    .append(i)
                    .append(".p\",\"unit\":\"kW\",\"scale\":0.1,")
                    .append(device ? "\"group\":\"fast\"" : "\"quantity\":\"ACTIVE_POWER\",\"asset\":\"m" + i + "\"")
                    .append("}");
        }
        Files.writeString(
                mappings.resolve("bench.json"),
                "{\"source\":\"bench\"," + (device ? "\"pollGroups\":{\"fast\":1000}," : "") + "\"points\":[" + points
                        + "]}");
        CountingBus bus = new CountingBus();
        FakeRegistry registry = new FakeRegistry();
        for (int i = 0; i < POINTS_PER_CYCLE; i++) {
            PointId id = PointId.of("bench.m" + i + ".p");
            registry.register(Point.of(id, "m" + i, PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, null));
        }
        try (IngestEngine engine = new IngestEngine(
                new DefaultCamelContext(),
                bus,
                registry,
                () -> null,
                new IngestEngine.Settings(mappings, 0, null, null, null, null, 1000, null),
                Clock.systemUTC())) {
            long[] cycle = {0};
            Round round = () -> {
                long n = 0;
                for (int k = 0; k < 20; k++) {
                    Instant t = T0.plusSeconds(cycle[0]++);
                    List<RawReading> readings = new ArrayList<>(POINTS_PER_CYCLE);
                    for (int i = 0; i < POINTS_PER_CYCLE; i++) {
                        readings.add(RawReading.of("bench", "r" + i, (cycle[0] * 7 + i) % 5000, t));
                    }
                    IngestResult r = engine.ingest("bench", readings);
                    if (r.published() != POINTS_PER_CYCLE) {
                        throw new IllegalStateException("unexpected " + r);
                    }
                    n += POINTS_PER_CYCLE;
                }
                return n;
            };
            return rounds(round, seconds);
        }
    }

    /** A naive reference without Camel: scale and publish in one loop (what the route's features cost). */
    private static List<Double> directPublish(double seconds) throws Exception {
        CountingBus bus = new CountingBus();
        PointId[] ids = new PointId[POINTS_PER_CYCLE];
        for (int i = 0; i < POINTS_PER_CYCLE; i++) {
            ids[i] = PointId.of("bench.m" + i + ".p");
        }
        long[] cycle = {0};
        Round round = () -> {
            long n = 0;
            for (int k = 0; k < 20; k++) {
                Instant t = T0.plusSeconds(cycle[0]++);
                Instant now = Instant.now();
                List<Sample> samples = new ArrayList<>(POINTS_PER_CYCLE);
                for (int i = 0; i < POINTS_PER_CYCLE; i++) {
                    double raw = (cycle[0] * 7 + i) % 5000;
                    samples.add(new Sample(ids[i], raw * 0.1 * 1000, Quality.GOOD, t, now));
                }
                bus.publish(samples);
                n += POINTS_PER_CYCLE;
            }
            return n;
        };
        return rounds(round, seconds);
    }

    // ---------------------------------------------------------------- store

    private static List<Double> storeAppend(Path db, double seconds) throws Exception {
        EmbeddedDataSource ds = dataSource(db);
        try (DerbyStore store = new DerbyStore(ds, Clock.systemUTC())) {
            long[] batch = {0};
            Round round = () -> {
                List<Sample> samples = new ArrayList<>(STORE_POINTS * STORE_STEPS);
                Instant start = T0.plusSeconds(batch[0]++ * STORE_STEPS);
                for (int s = 0; s < STORE_STEPS; s++) {
                    Instant t = start.plusSeconds(s);
                    for (int p = 0; p < STORE_POINTS; p++) {
                        samples.add(Sample.good(
                                PointId.of("bench.m" + p + ".p"),
                                1000 + Math.round(300 * Math.sin((batch[0] * STORE_STEPS + s) / 600.0 + p)) / 10.0,
                                t));
                    }
                }
                store.append(samples);
                return samples.size();
            };
            return rounds(round, seconds);
        } finally {
            shutdown(ds);
        }
    }

    private static List<Double> naiveInsert(Path db, double seconds) throws Exception {
        EmbeddedDataSource ds = dataSource(db);
        try (Connection c = ds.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE naive_sample (point_id INTEGER NOT NULL, t BIGINT NOT NULL, "
                        + "v DOUBLE NOT NULL, PRIMARY KEY (point_id, t))");
            }
            c.setAutoCommit(false);
            long[] batch = {0};
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO naive_sample (point_id, t, v) VALUES (?, ?, ?)")) {
                Round round = () -> {
                    long start = batch[0]++ * STORE_STEPS;
                    for (int s = 0; s < STORE_STEPS; s++) {
                        for (int p = 0; p < STORE_POINTS; p++) {
                            ps.setInt(1, p);
                            ps.setLong(2, (start + s) * 1_000_000_000L);
                            ps.setDouble(3, 1000 + p + s / 10.0);
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                    c.commit();
                    return (long) STORE_STEPS * STORE_POINTS;
                };
                return rounds(round, seconds);
            }
        } finally {
            shutdown(ds);
        }
    }

    /** One point, one day at 1 s, written hour by hour, merged: raw and bucketed query latency (median of 30). */
    private static double[] pointDayQuery(Path db) throws Exception {
        EmbeddedDataSource ds = dataSource(db);
        Instant day = Instant.parse("2025-06-01T00:00:00Z");
        PointId p = PointId.of("bench.day.p");
        try (DerbyStore store = new DerbyStore(ds, Clock.systemUTC())) {
            for (int h = 0; h < 24; h++) {
                List<Sample> hour = new ArrayList<>(3600);
                for (int s = 0; s < 3600; s++) {
                    int i = h * 3600 + s;
                    hour.add(Sample.good(
                            p, Math.round(2000 + 1500 * Math.sin(i / 5000.0) + (i % 13)) / 10.0, day.plusSeconds(i)));
                }
                for (int k = 0; k < 3600; k += 600) {
                    store.append(hour.subList(k, k + 600)); // 6 blocks per hour, merged below
                }
            }
            store.compact(1);
            Instant end = day.plus(Duration.ofDays(1));
            if (store.range(p, day, end).size() != 86_400) {
                throw new IllegalStateException("point-day not complete");
            }
            List<Double> raw = new ArrayList<>();
            List<Double> rawCpu = new ArrayList<>();
            List<Double> buckets = new ArrayList<>();
            List<Double> bucketsCpu = new ArrayList<>();
            // Embedded Derby answers on the caller's thread: its CPU time is the query's whole cost, which the
            // shared machine's load does not inflate the way it does wall time.
            var threads = ManagementFactory.getThreadMXBean();
            for (int i = -20; i < 100; i++) {
                long t = System.nanoTime();
                long c = threads.getCurrentThreadCpuTime();
                store.range(p, day, end);
                if (i >= 0) {
                    raw.add((System.nanoTime() - t) / 1e6);
                    rawCpu.add((threads.getCurrentThreadCpuTime() - c) / 1e6);
                }
                t = System.nanoTime();
                c = threads.getCurrentThreadCpuTime();
                store.aggregate(p, day, end, Duration.ofMinutes(15));
                if (i >= 0) {
                    buckets.add((System.nanoTime() - t) / 1e6);
                    bucketsCpu.add((threads.getCurrentThreadCpuTime() - c) / 1e6);
                }
            }
            double bytes;
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT SUM(LENGTH(b.data)), SUM(b.sample_count) FROM ts_block b "
                            + "JOIN ts_point p ON p.point_id = b.point_id WHERE p.name = 'bench.day.p'")) {
                rs.next();
                bytes = rs.getDouble(1) / rs.getDouble(2);
            }
            return new double[] {median(raw), median(buckets), bytes, median(rawCpu), median(bucketsCpu)};
        } finally {
            shutdown(ds);
        }
    }

    private static double naivePointDayQuery(Path db) throws Exception {
        EmbeddedDataSource ds = dataSource(db);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long base = Instant.parse("2025-06-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO naive_sample (point_id, t, v) VALUES (?, ?, ?)")) {
                for (int i = 0; i < 86_400; i++) {
                    ps.setInt(1, 999_999);
                    ps.setLong(2, base + i * 1_000_000_000L);
                    ps.setDouble(3, i / 10.0);
                    ps.addBatch();
                    if (i % 10_000 == 9_999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            List<Double> times = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT t, v FROM naive_sample WHERE point_id = ? AND t >= ? AND t < ? ORDER BY t")) {
                for (int i = 0; i < 20; i++) {
                    long t = System.nanoTime();
                    q.setInt(1, 999_999);
                    q.setLong(2, base);
                    q.setLong(3, base + 86_400_000_000_000L);
                    int n = 0;
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            rs.getLong(1);
                            rs.getDouble(2);
                            n++;
                        }
                    }
                    c.commit();
                    if (n != 86_400) {
                        throw new IllegalStateException("naive point-day has " + n + " rows");
                    }
                    times.add((System.nanoTime() - t) / 1e6);
                }
            }
            return median(times);
        } finally {
            shutdown(ds);
        }
    }

    // ---------------------------------------------------------------- helpers

    private interface Round {
        long run() throws Exception;
    }

    /** Values per CPU second of the benchmark thread, per round of the last {@link #rounds} call. */
    private static List<Double> lastCpuRates = List.of();

    /** A warm-up round, then ROUNDS rounds of about {@code seconds} each; values/s (wall clock) per round. */
    private static List<Double> rounds(Round step, double seconds) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        List<Double> rates = new ArrayList<>();
        List<Double> cpuRates = new ArrayList<>();
        for (int r = -1; r < ROUNDS; r++) {
            long values = 0;
            long start = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            long until = start + (long) (seconds * 1e9);
            while (System.nanoTime() < until) {
                values += step.run();
            }
            double rate = values / ((System.nanoTime() - start) / 1e9);
            if (r >= 0) {
                rates.add(rate);
                cpuRates.add(values / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9));
            }
        }
        lastCpuRates = cpuRates;
        return rates;
    }

    private static void row(String what, List<Double> rates) {
        System.out.printf(
                "| %s | %,.0f | %,.0f – %,.0f |%n",
                what,
                median(rates),
                rates.stream().mapToDouble(d -> d).min().orElse(0),
                rates.stream().mapToDouble(d -> d).max().orElse(0));
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static EmbeddedDataSource dataSource(Path db) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(db.toString());
        ds.setCreateDatabase("create");
        return ds;
    }

    private static void shutdown(EmbeddedDataSource ds) {
        ds.setShutdownDatabase("shutdown");
        try (Connection c = ds.getConnection()) {
            c.isValid(1);
        } catch (SQLException expected) {
            // Derby reports a clean shutdown as an exception
        }
        ds.setShutdownDatabase(null);
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Counts what is published; the benchmark measures normalization, not subscribers. */
    private static final class CountingBus implements SampleBus {
        final AtomicLong count = new AtomicLong();

        @Override
        public void publish(List<Sample> samples) {
            count.addAndGet(samples.size());
        }

        @Override
        public Subscription subscribe(String name, Predicate<PointId> filter, int capacity, SampleListener l) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long published() {
            return count.get();
        }
    }
}
