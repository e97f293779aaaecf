package io.gridhub.store.derby.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Bytes per value as the store keeps them: every numeric column of the real files and the 1 s telemetry appended to
 * a {@link DerbyStore} (one point each) as they would arrive — a meter data file a day per batch, telemetry one
 * second per batch — merged, then each point's blocks summed from {@code ts_block} (the blocks' bytes ÷ their
 * samples; Derby's row and page overhead not counted) beside its window width, and every series read back and
 * compared. Run: {@code bench/jmh/codec.sh store [DATA_DIR]}.
 */
public final class StoreSizes {
    private StoreSizes() {}

    public static void main(String[] args) throws IOException, StoreException, SQLException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        Map<String, List<Sample>> all = CodecSeries.files(data);
        Map<String, List<Sample>> telemetry = CodecSeries.telemetry();
        // Each series as its own point; the name keeps the row's label.
        Map<PointId, String> labels = new LinkedHashMap<>();
        Map<String, List<Sample>> byPoint = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, List<Sample>> e : all.entrySet()) {
            byPoint.put(e.getKey(), relabel(e.getValue(), point(n++, e.getKey(), labels)));
        }
        Map<String, List<Sample>> live = new LinkedHashMap<>();
        for (Map.Entry<String, List<Sample>> e : telemetry.entrySet()) {
            live.put(e.getKey(), relabel(e.getValue(), point(n++, e.getKey(), labels)));
        }
        Path dir = Files.createTempDirectory("gridhub-store-sizes");
        System.setProperty("derby.system.durability", "test"); // sizes do not depend on fsync
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dir.resolve("db").toString());
        ds.setCreateDatabase("create");
        Clock later = Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (DerbyStore store = new DerbyStore(ds, later)) {
            appendByDay(store, byPoint.values());
            for (List<Sample> series : live.values()) {
                for (Sample s : series) {
                    store.append(List.of(s));
                }
            }
            store.compact(Integer.MAX_VALUE);
            for (Map<String, List<Sample>> m : List.of(byPoint, live)) {
                for (List<Sample> series : m.values()) {
                    Instant from = series.get(0).sourceTime();
                    Instant to = series.get(series.size() - 1).sourceTime().plusNanos(1);
                    if (!store.range(series.get(0).point(), from, to).equals(sortedCopy(series))) {
                        throw new IllegalStateException(
                                "the store does not give back " + series.get(0).point());
                    }
                }
            }
        }
        Map<String, long[]> perPoint = measure(ds, labels);
        System.out.println("| series | values | window | blocks | bytes per value in the store |");
        System.out.println("|---|---|---|---|---|");
        Map<String, long[]> groups = new LinkedHashMap<>();
        perPoint.forEach((label, m) -> {
            String group = label.contains(":") ? label.substring(0, label.indexOf(':')) : "telemetry";
            long[] sum = groups.computeIfAbsent(group, k -> new long[] {0, 0, m[2], 0});
            sum[0] += m[0];
            sum[1] += m[1];
            sum[2] = Math.max(sum[2], m[2]);
            sum[3] += m[3];
            if (!group.startsWith("households") && !group.startsWith("prices_EU")) {
                row(label, m);
            }
        });
        System.out.println();
        System.out.println("| all series of a file | values | widest window | blocks | bytes per value in the store |");
        System.out.println("|---|---|---|---|---|");
        groups.forEach(StoreSizes::row);
    }

    private static PointId point(int n, String label, Map<PointId, String> labels) {
        PointId p = PointId.of("bench.store.p" + n);
        labels.put(p, label);
        return p;
    }

    private static List<Sample> relabel(List<Sample> series, PointId p) {
        List<Sample> out = new ArrayList<>(series.size());
        for (Sample s : series) {
            out.add(new Sample(p, s.value(), s.quality(), s.sourceTime(), s.receivedTime()));
        }
        return out;
    }

    private static List<Sample> sortedCopy(List<Sample> series) {
        List<Sample> copy = new ArrayList<>(series);
        copy.sort(Comparator.comparing(Sample::sourceTime));
        return copy;
    }

    /** The files' samples a UTC day per append, every series of the day in one batch. */
    private static void appendByDay(DerbyStore store, Iterable<List<Sample>> series) throws StoreException {
        TreeMap<Long, List<Sample>> days = new TreeMap<>();
        for (List<Sample> s : series) {
            for (Sample x : s) {
                days.computeIfAbsent(x.sourceTime().getEpochSecond() / 86_400, k -> new ArrayList<>())
                        .add(x);
            }
        }
        for (List<Sample> day : days.values()) {
            store.append(day);
        }
    }

    /** Per point: bytes, samples, its widest window (ns) and its blocks. */
    private static Map<String, long[]> measure(EmbeddedDataSource ds, Map<PointId, String> labels) throws SQLException {
        Map<String, long[]> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT SUM(LENGTH(b.data)), SUM(b.sample_count), "
                        + "COALESCE(MAX(p.window_nanos), " + Windows.HOUR + "), COUNT(*) FROM ts_block b "
                        + "JOIN ts_point p ON b.point_id = p.point_id WHERE p.name = ?")) {
            for (Map.Entry<PointId, String> e : labels.entrySet()) {
                ps.setString(1, e.getKey().value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.put(e.getValue(), new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            }
        }
        return out;
    }

    private static void row(String name, long[] m) {
        System.out.printf("| %s | %,d | %s | %,d | %.2f |%n", name, m[1], width(m[2]), m[3], (double) m[0] / m[1]);
    }

    private static String width(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return d.toDays() >= 7 ? d.toDays() / 7 + " w" : d.toDays() >= 1 ? d.toDays() + " d" : d.toHours() + " h";
    }
}
