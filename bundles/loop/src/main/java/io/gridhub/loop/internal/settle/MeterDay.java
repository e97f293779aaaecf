package io.gridhub.loop.internal.settle;

import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Site;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.BucketsAndGaps;
import io.gridhub.api.store.QualityGap;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One local day of the community's meter data from the store, as the settlement service reads it: per member and
 * interval the energy of its meters (point {@code <community>.<meterAssetId>.p}, W, + import), the bucket average
 * times the interval's length; consumption is the import, generation the export, each meter on its own (a member's
 * export at one connection does not net against its import at another), then summed per member.
 *
 * <p>A member-interval is <em>missing</em> when one of the member's meters has no good sample in it, or when a
 * data-quality gap of one of its meters touches it ({@link TimeSeriesStore#gaps}: samples that are not GOOD, such as
 * the driver host's marks of an outage nothing back-filled, until the next good one): the good samples around a gap
 * do not stand in for it. A missing interval counts as 0 kWh (for that meter) and makes the day provisional. Every
 * member gets a row in every interval, so the period the service derives from the rows is always the whole day. The
 * buckets and the gaps of a meter's day come from one read ({@link TimeSeriesStore#bucketsAndGaps}).
 *
 * @param consumptionKWh per interval t and member i at {@code t * members + i}; generationKWh likewise
 * @param missing        missing intervals per member that misses any, in the community's order
 * @param qualityGaps    of those, the intervals a data-quality gap touched, per member that has any
 * @param presentCells   member-intervals with data
 */
record MeterDay(
        List<String> members,
        Instant from,
        Duration step,
        int intervals,
        double[] consumptionKWh,
        double[] generationKWh,
        Map<String, Integer> missing,
        Map<String, Integer> qualityGaps,
        int presentCells) {
    /** Energies are written to the CSV rounded to 1 mWh. */
    private static final double KWH_SCALE = 1e6;
    /** Two inputs within this many Wh are the same (rounding in the ledger's round trip). */
    private static final double SAME_WH = 1e-6;

    /** A member with its meter points. */
    record Metered(String memberId, List<PointId> points) {}

    /** The community's members that have at least one meter asset, in the community's order. */
    static List<Metered> metered(Community community) {
        List<Metered> out = new ArrayList<>();
        for (Member m : community.members()) {
            List<PointId> points = new ArrayList<>();
            for (Site s : m.sites()) {
                for (Asset a : s.assets()) {
                    if (a.kind() == AssetKind.METER) {
                        points.add(PointId.of(community.id() + "." + a.id() + ".p"));
                    }
                }
            }
            if (!points.isEmpty()) {
                out.add(new Metered(m.id(), List.copyOf(points)));
            }
        }
        return out;
    }

    /** Reads {@code [from, to)} in intervals of {@code step} (which must divide the day). */
    static MeterDay read(TimeSeriesStore store, List<Metered> metered, Instant from, Instant to, Duration step)
            throws StoreException {
        long stepS = step.toSeconds();
        long span = Duration.between(from, to).toSeconds();
        if (span % stepS != 0) {
            throw new IllegalArgumentException("the day " + from + "/" + to + " is not a whole number of "
                    + step.toMinutes() + "-minute intervals");
        }
        int tt = (int) (span / stepS);
        int n = metered.size();
        double hours = stepS / 3600.0;
        double[] c = new double[tt * n];
        double[] g = new double[tt * n];
        boolean[] gap = new boolean[tt * n];
        boolean[] bad = new boolean[tt * n];
        for (int i = 0; i < n; i++) {
            for (PointId p : metered.get(i).points()) {
                double[] kWh = new double[tt];
                boolean[] seen = new boolean[tt];
                // One read of the meter's day for both (issue 25): its buckets, then the gaps that touch them.
                BucketsAndGaps read = store.bucketsAndGaps(p, from, to, step);
                for (Bucket b : read.buckets()) {
                    long off = Duration.between(from, b.start()).toSeconds();
                    if (off < 0 || off % stepS != 0 || off / stepS >= tt || !Double.isFinite(b.avg())) {
                        continue;
                    }
                    int t = (int) (off / stepS);
                    seen[t] = true;
                    kWh[t] = b.avg() * hours / 1000;
                }
                boolean[] touched = touched(read.gaps(), from, step, tt);
                for (int t = 0; t < tt; t++) {
                    int cell = t * n + i;
                    if (seen[t] && !touched[t]) {
                        c[cell] += Math.max(0, kWh[t]);
                        g[cell] += Math.max(0, -kWh[t]);
                    }
                    gap[cell] |= !seen[t] || touched[t];
                    bad[cell] |= touched[t];
                }
            }
        }
        Map<String, Integer> missing = new LinkedHashMap<>();
        Map<String, Integer> qualityGaps = new LinkedHashMap<>();
        int present = 0;
        for (int i = 0; i < n; i++) {
            int k = 0;
            int q = 0;
            for (int t = 0; t < tt; t++) {
                int cell = t * n + i;
                c[cell] = round(c[cell]);
                g[cell] = round(g[cell]);
                if (gap[cell]) {
                    k++;
                } else {
                    present++;
                }
                q += bad[cell] ? 1 : 0;
            }
            if (k > 0) {
                missing.put(metered.get(i).memberId(), k);
            }
            if (q > 0) {
                qualityGaps.put(metered.get(i).memberId(), q);
            }
        }
        return new MeterDay(
                metered.stream().map(Metered::memberId).toList(), from, step, tt, c, g, missing, qualityGaps, present);
    }

    /** The intervals of the day that any of the gaps touches. */
    private static boolean[] touched(List<QualityGap> gaps, Instant from, Duration step, int intervals) {
        boolean[] out = new boolean[intervals];
        for (QualityGap q : gaps) {
            for (int t = 0; t < intervals; t++) {
                Instant start = from.plus(step.multipliedBy(t));
                out[t] |= q.overlaps(start, start.plus(step));
            }
        }
        return out;
    }

    private static double round(double kWh) {
        return Math.round(kWh * KWH_SCALE) / KWH_SCALE;
    }

    /** Whether any member has data in any interval. */
    boolean any() {
        return presentCells > 0;
    }

    boolean complete() {
        return missing.isEmpty();
    }

    /** The long-format CSV the settlement service reads, every member in every interval. */
    String csv() {
        StringBuilder b = new StringBuilder("timestamp,member,consumption_kWh,generation_kWh\n");
        int n = members.size();
        for (int t = 0; t < intervals; t++) {
            String ts = from.plus(step.multipliedBy(t)).toString();
            for (int i = 0; i < n; i++) {
                b.append(ts)
                        .append(',')
                        .append(members.get(i))
                        .append(',')
                        .append(plain(consumptionKWh[t * n + i]))
                        .append(',')
                        .append(plain(generationKWh[t * n + i]))
                        .append('\n');
            }
        }
        return b.toString();
    }

    private static String plain(double v) {
        return v == 0 ? "0" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Whether a settled run's inputs are exactly this data (same members, intervals and energies). */
    boolean sameAs(List<MeterInterval> inputs) {
        if (inputs.size() != members.size() * intervals) {
            return false;
        }
        record Key(String member, Instant start) {}
        Map<Key, MeterInterval> byKey = new HashMap<>();
        for (MeterInterval m : inputs) {
            if (!m.length().equals(step)) {
                return false;
            }
            byKey.put(new Key(m.memberId(), m.start()), m);
        }
        int n = members.size();
        for (int t = 0; t < intervals; t++) {
            Instant s = from.plus(step.multipliedBy(t));
            for (int i = 0; i < n; i++) {
                MeterInterval m = byKey.get(new Key(members.get(i), s));
                if (m == null
                        || Math.abs(m.consumptionWh() - 1000 * consumptionKWh[t * n + i]) > SAME_WH
                        || Math.abs(m.generationWh() - 1000 * generationKWh[t * n + i]) > SAME_WH) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code m03 misses 4 of 48 intervals (2 with a data-quality gap), m05 misses all 48 intervals}: at most
     * {@code max} members, then how many more.
     */
    String gaps(int max) {
        List<String> parts = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, Integer> e : missing.entrySet()) {
            if (k++ == max) {
                parts.add("and " + (missing.size() - max) + " more members");
                break;
            }
            int q = qualityGaps.getOrDefault(e.getKey(), 0);
            parts.add((e.getValue() == intervals
                            ? e.getKey() + " misses all " + intervals + " intervals"
                            : e.getKey() + " misses " + e.getValue() + " of " + intervals + " intervals")
                    + (q == 0 ? "" : " (" + q + " with a data-quality gap)"));
        }
        return String.join(", ", parts);
    }

    double totalGenerationKWh() {
        double s = 0;
        for (double v : generationKWh) {
            s += v;
        }
        return s;
    }
}
