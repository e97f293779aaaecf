package io.gridhub.bench.scaleout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The field seen by one site: {@link #POINTS} meters (addresses {@code a0}, {@code a1}, … for site {@code a}) and a
 * probe point, pushed as JSON readings to a hub's REST ingest ({@code POST /api/v1/ingest/field}, answered after the
 * hub's store committed them). Every reading's source time is stamped here, by the producer; the times of one site
 * only grow, so no (point, source time) is pushed twice.
 */
final class FieldLoad {
    static final int POINTS = 240;
    /** Points are spread over this many communities (the first segment of their ids), and so over the partitions. */
    static final int COMMUNITIES = 12;

    final String site;
    private final AtomicLong lastNanos = new AtomicLong();

    FieldLoad(String site) {
        this.site = site;
    }

    static String point(String site, int i) {
        return String.format("c%02d.%s%03d", i % COMMUNITIES, site, i);
    }

    String probePoint() {
        return "c00." + site + ".probe";
    }

    /** The mapping entries of this site's points and probe (a mapping file's {@code points}). */
    String mappingPoints() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            entries.add(entry(site + i, point(site, i)));
        }
        entries.add(entry(site + "probe", probePoint()));
        return String.join(",", entries);
    }

    private static String entry(String address, String point) {
        return "{\"address\":\"" + address + "\",\"point\":\"" + point
                + "\",\"unit\":\"W\",\"quantity\":\"ACTIVE_POWER\",\"asset\":\"bench\"}";
    }

    /** A source time after every one this site stamped before, at least {@code atLeastNanos} (epoch ns). */
    long stamp(long atLeastNanos) {
        return lastNanos.accumulateAndGet(atLeastNanos, (last, want) -> Math.max(last + 1_000, want));
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** One reading on each of the first {@code n} points (from {@code offset}), all at source time {@code nanos}. */
    String batch(int offset, int n, long nanos, boolean withProbe) {
        String time = Instant.ofEpochSecond(0, nanos).toString();
        StringBuilder b = new StringBuilder(n * 64).append("{\"readings\":[");
        for (int k = 0; k < n; k++) {
            int i = (offset + k) % POINTS;
            b.append("{\"address\":\"")
                    .append(site)
                    .append(i)
                    .append("\",\"time\":\"")
                    .append(time)
                    .append("\",\"value\":")
                    .append(1_000 + (nanos / 1_000 + i) % 5_000)
                    .append("},");
        }
        if (withProbe) {
            b.append("{\"address\":\"")
                    .append(site)
                    .append("probe\",\"time\":\"")
                    .append(time)
                    .append("\",\"value\":1},");
        }
        b.setLength(b.length() - 1);
        return b.append("]}").toString();
    }
}
