package io.gridhub.bench.anomaly;

import io.gridhub.anomaly.detect.internal.PvRules;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.bench.anomaly.BenchField.Channel;
import io.gridhub.forecast.common.SolarGeometry;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Injects labelled anomalies of every telemetry kind into one detection window of a field: two of each meter kind
 * (on distinct households), one energy imbalance, one inconsistent state of charge, PV at night and one
 * underperforming clear day. Each anomaly stays at least 12 hours inside the window.
 */
final class Injector {
    /** A labelled anomaly: its kind, the points it is on and its window in epoch seconds. */
    record Label(AnomalyKind kind, Set<String> points, double from, double to) {}

    /** The ranges injections are drawn from: one set tunes the detector, another (harder) one tests it. */
    record Params(
            double[] stuckHours,
            double[] spikeTimesP99,
            double[] gapHours,
            double[] rangeTimesMax,
            double[] flipHours,
            double[] driftMinutes,
            double[] driftHours,
            double[] imbalanceShare,
            double[] imbalanceHours,
            double[] socJumpPct,
            double[] socHours,
            double[] pvNightShare,
            double[] pvNightHours,
            double[] pvUnderFactor) {
        static final Params TUNING = new Params(
                r(5, 24),
                r(3, 8),
                r(4, 48),
                r(1.5, 15),
                r(6, 72),
                r(10, 60),
                r(12, 48),
                r(0.15, 0.4),
                r(3, 24),
                r(15, 40),
                r(4, 24),
                r(0.05, 0.3),
                r(1, 6),
                r(0.2, 0.5));
        static final Params HELD_BACK = new Params(
                r(4.5, 12),
                r(2.5, 5),
                r(3, 12),
                r(1.1, 3),
                r(2, 12),
                r(6, 30),
                r(6, 24),
                r(0.1, 0.25),
                r(1.5, 8),
                r(8, 20),
                r(3, 12),
                r(0.03, 0.1),
                r(0.75, 3),
                r(0.3, 0.55));

        private static double[] r(double lo, double hi) {
            return new double[] {lo, hi};
        }
    }

    private static final int MARGIN = 24;
    private static final double METER_MAX_W = 60_000;

    private final Params p;
    private final Random rnd;

    Injector(Params params, Random rnd) {
        this.p = params;
        this.rnd = rnd;
    }

    private double draw(double[] range) {
        return range[0] + (range[1] - range[0]) * rnd.nextDouble();
    }

    private int slots(double hours) {
        return Math.max(1, (int) Math.round(hours * 2));
    }

    private int startFor(int w0, int w1, int length) {
        int lo = w0 + MARGIN;
        int hi = Math.max(lo + 1, w1 - MARGIN - length);
        return lo + rnd.nextInt(hi - lo);
    }

    List<Label> inject(BenchField f, int w0, int w1) {
        List<Label> labels = new ArrayList<>();
        List<String> meters = new ArrayList<>(f.meters);
        Collections.shuffle(meters, rnd);
        meters.removeIf(m -> mean(f.channels.get(m).v, w0, w1) < 150);
        int k = 0;
        for (int rep = 0; rep < 2; rep++) {
            labels.add(stuck(f, f.channels.get(meters.get(k++)), w0, w1));
            labels.add(spike(f, f.channels.get(meters.get(k++)), w0, w1));
            labels.add(gap(f, f.channels.get(meters.get(k++)), w0, w1));
            labels.add(range(f, f.channels.get(meters.get(k++)), w0, w1));
            labels.add(flip(f, f.channels.get(meters.get(k++)), w0, w1));
            labels.add(drift(f, f.channels.get(meters.get(k++)), w0, w1));
        }
        labels.add(imbalance(f, f.channels.get(rnd.nextBoolean() ? "bench.f1.p" : "bench.f2.p"), w0, w1));
        labels.add(soc(f, w0, w1));
        labels.add(pvNight(f, f.channels.get("bench.pv-plant.p"), w0, w1));
        Label under = pvUnder(f, f.channels.get("bench.pv-plant.p"), w0, w1);
        if (under != null) {
            labels.add(under);
        }
        return labels;
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    private Label label(BenchField f, AnomalyKind kind, Channel c, int from, int to) {
        return new Label(kind, Set.of(c.id()), f.time(from), f.time(to));
    }

    private Label stuck(BenchField f, Channel c, int w0, int w1) {
        int n = slots(draw(p.stuckHours()));
        int s = startFor(w0, w1, n);
        while (c.v[s] <= 0) {
            s++;
        }
        for (int i = s + 1; i < s + n; i++) {
            c.v[i] = c.v[s];
        }
        return label(f, AnomalyKind.STUCK, c, s, s + n);
    }

    private Label spike(BenchField f, Channel c, int w0, int w1) {
        double[] level = Arrays.copyOfRange(c.v, w0, w1);
        Arrays.sort(level);
        double p99 = level[(int) (0.99 * (level.length - 1))];
        int s = startFor(w0, w1, 1);
        c.v[s] = Math.min(c.v[s] + draw(p.spikeTimesP99()) * p99, 0.9 * METER_MAX_W);
        return label(f, AnomalyKind.SPIKE, c, s, s + 1);
    }

    private Label gap(BenchField f, Channel c, int w0, int w1) {
        int n = slots(draw(p.gapHours()));
        int s = startFor(w0, w1, n);
        for (int i = s; i < s + n; i++) {
            c.v[i] = Double.NaN;
        }
        return label(f, AnomalyKind.GAP, c, s, s + n);
    }

    private Label range(BenchField f, Channel c, int w0, int w1) {
        int n = 1 + rnd.nextInt(3);
        int s = startFor(w0, w1, n);
        for (int i = s; i < s + n; i++) {
            c.v[i] = (rnd.nextInt(4) == 0 ? -1 : 1) * draw(p.rangeTimesMax()) * METER_MAX_W;
        }
        return label(f, AnomalyKind.OUT_OF_RANGE, c, s, s + n);
    }

    private Label flip(BenchField f, Channel c, int w0, int w1) {
        int n = slots(draw(p.flipHours()));
        int s = startFor(w0, w1, n);
        for (int i = s; i < s + n; i++) {
            c.v[i] = -c.v[i];
        }
        return label(f, AnomalyKind.SIGN_FLIP, c, s, s + n);
    }

    /** The source clock runs off linearly to {@code driftMinutes} over {@code driftHours}, ahead or behind. */
    private Label drift(BenchField f, Channel c, int w0, int w1) {
        int n = slots(draw(p.driftHours()));
        int s = startFor(w0, w1, n);
        double max = draw(p.driftMinutes()) * 60 * (rnd.nextBoolean() ? 1 : -1);
        for (int i = s; i < s + n; i++) {
            c.shift[i] = max * (i - s + 1) / n;
        }
        return label(f, AnomalyKind.CLOCK_DRIFT, c, s, s + n);
    }

    /** The feeder's measurement off by a share of its power (a CT ratio error, an unmetered connection). */
    private Label imbalance(BenchField f, Channel c, int w0, int w1) {
        int n = slots(draw(p.imbalanceHours()));
        int s = startFor(w0, w1, n);
        double share = draw(p.imbalanceShare()) * (rnd.nextBoolean() ? 1 : -1);
        for (int i = s; i < s + n; i++) {
            c.v[i] = c.v[i] * (1 + share);
        }
        return label(f, AnomalyKind.ENERGY_IMBALANCE, c, s, s + n);
    }

    /**
     * The battery's state of charge frozen while it works, jumping and staying off (a bad recalibration), or
     * following its power at twice the rate (a wrong capacity), over a stretch with at least 2 kWh through it.
     */
    private Label soc(BenchField f, int w0, int w1) {
        Channel soc = f.channels.get("bench.home-bat.soc");
        Channel power = f.channels.get("bench.home-bat.p");
        int n = slots(draw(p.socHours()));
        int s = startFor(w0, w1, n);
        for (int tries = 0; tries < 200 && throughput(power, s, s + n) < 2000; tries++) {
            s = startFor(w0, w1, n);
        }
        int mode = rnd.nextInt(3);
        double jump = draw(p.socJumpPct()) * (rnd.nextBoolean() ? 1 : -1);
        double base = soc.v[s];
        double frozen = soc.v[s];
        for (int i = s; i < s + n; i++) {
            double v = switch (mode) {
                case 0 -> frozen;
                case 1 -> soc.v[i] + jump;
                default -> base + 2 * (soc.v[i] - base);
            };
            soc.v[i] = Math.max(0, Math.min(100, v));
        }
        return new Label(AnomalyKind.SOC_INCONSISTENT, Set.of(soc.id(), power.id()), f.time(s), f.time(s + n));
    }

    private static double throughput(Channel power, int from, int to) {
        double wh = 0;
        for (int i = from; i < to; i++) {
            wh += Math.abs(power.v[i]) * BenchField.STEP / 3600;
        }
        return wh;
    }

    private boolean night(BenchField f, int slot) {
        long t = f.time(slot);
        double lat = BenchField.SYDNEY_AIRPORT.latitude();
        double lon = BenchField.SYDNEY_AIRPORT.longitude();
        return SolarGeometry.cosZenith(lat, lon, t) < -0.2 && SolarGeometry.cosZenith(lat, lon, t + 1800) < -0.2;
    }

    private Label pvNight(BenchField f, Channel c, int w0, int w1) {
        int n = slots(draw(p.pvNightHours()));
        int s = startFor(w0, w1, n);
        while (!(night(f, s) && night(f, s + n - 1))) {
            s++;
        }
        double w = draw(p.pvNightShare()) * BenchField.PV_RATED_W;
        for (int i = s; i < s + n; i++) {
            c.v[i] += w * (0.9 + 0.2 * rnd.nextDouble());
        }
        return label(f, AnomalyKind.PV_AT_NIGHT, c, s, s + n);
    }

    /** The window's clearest day (its PV closest to a scaled clear-sky curve) made a fraction of itself. */
    private Label pvUnder(BenchField f, Channel c, int w0, int w1) {
        int best = -1;
        double bestScore = 0;
        for (int d = w0 + MARGIN; d + 48 <= w1; d += 48) {
            int day0 = localMidnight(f, d);
            double[] pv = new double[48];
            double[] cs = new double[48];
            for (int i = 0; i < 48; i++) {
                pv[i] = c.v[day0 + i];
                cs[i] = SolarGeometry.meanClearSkyGhi(
                        BenchField.SYDNEY_AIRPORT.latitude(),
                        BenchField.SYDNEY_AIRPORT.longitude(),
                        Instant.ofEpochSecond(f.time(day0 + i)),
                        1800);
            }
            double score = PvRules.correlation(pv, cs);
            if (score > bestScore && day0 >= w0 + MARGIN && day0 + 48 <= w1 - MARGIN) {
                bestScore = score;
                best = day0;
            }
        }
        if (best < 0 || bestScore < 0.985) {
            return null;
        }
        double factor = draw(p.pvUnderFactor());
        for (int i = best; i < best + 48; i++) {
            c.v[i] *= factor;
        }
        return label(f, AnomalyKind.PV_UNDERPERFORMING, c, best, best + 48);
    }

    /** The slot of local midnight at or before {@code slot}. */
    private static int localMidnight(BenchField f, int slot) {
        ZonedDateTime z = Instant.ofEpochSecond(f.time(slot)).atZone(BenchField.SYDNEY);
        long midnight = z.toLocalDate().atStartOfDay(BenchField.SYDNEY).toEpochSecond();
        return slot - (int) ((f.time(slot) - midnight) / BenchField.STEP);
    }
}
