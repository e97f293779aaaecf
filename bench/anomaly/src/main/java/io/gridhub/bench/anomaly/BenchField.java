package io.gridhub.bench.anomaly;

import io.gridhub.api.anomaly.DetectionWindow;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.Transformer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bench community over a period, on a 30-minute grid: the SGSC households of the shared data that have complete
 * readings in the period as members' meters (W, + import) on two feeders, each feeder's measurement (the true sum
 * of its meters plus 1–4 % losses and 0.5 % noise), the Ausgrid 300-home PV aggregate as a 505 kWp plant, and a
 * 5 kW / 10 kWh home battery simulated on the Ausgrid average home's load and PV (self-consumption, 94 % one-way
 * efficiency). Every sample arrives 1–10 s after its source time. Channels are arrays the injector edits.
 */
final class BenchField {
    static final long STEP = 1800;
    static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    static final GeoLocation SYDNEY_AIRPORT = new GeoLocation(-33.95, 151.18, SYDNEY);
    static final double PV_RATED_W = 505_000;
    static final double BATTERY_W = 5000;
    static final double BATTERY_WH = 10_000;
    static final double BATTERY_EFFICIENCY = 0.94;

    /** One point's values on the grid (NaN: no sample), source-time shifts and arrival delays in seconds. */
    static final class Channel {
        final Point point;
        final String member;
        final double[] v;
        final double[] shift;
        final double[] delay;

        Channel(Point point, String member, double[] v, double[] delay) {
            this.point = point;
            this.member = member;
            this.v = v;
            this.shift = new double[v.length];
            this.delay = delay;
        }

        Channel copy() {
            Channel c = new Channel(point, member, v.clone(), delay.clone());
            System.arraycopy(shift, 0, c.shift, 0, shift.length);
            return c;
        }

        String id() {
            return point.id().value();
        }
    }

    final Instant start;
    final int slots;
    final Community community;
    final Map<String, Channel> channels;
    final List<String> meters;

    private BenchField(Instant start, int slots, Community community, Map<String, Channel> channels, List<String> m) {
        this.start = start;
        this.slots = slots;
        this.community = community;
        this.channels = channels;
        this.meters = m;
    }

    BenchField copy() {
        Map<String, Channel> c = new LinkedHashMap<>();
        channels.forEach((k, v) -> c.put(k, v.copy()));
        return new BenchField(start, slots, community, c, meters);
    }

    long time(int slot) {
        return start.getEpochSecond() + slot * STEP;
    }

    /** The detection window of slots {@code [from, to)}: every channel's samples in it. */
    DetectionWindow window(int from, int to) {
        List<DetectionWindow.Series> series = new ArrayList<>();
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (Member m : community.members()) {
            m.sites().forEach(s -> s.assets().forEach(a -> assets.put(a.id(), a)));
        }
        for (Channel c : channels.values()) {
            List<Sample> samples = new ArrayList<>();
            for (int i = from; i < to; i++) {
                if (!Double.isNaN(c.v[i])) {
                    double t = time(i);
                    samples.add(new Sample(c.point.id(), c.v[i], Quality.GOOD, at(t + c.shift[i]), at(t + c.delay[i])));
                }
            }
            series.add(new DetectionWindow.Series(c.point, assets.get(c.point.assetId()), c.member, samples));
        }
        return new DetectionWindow(
                community,
                Instant.ofEpochSecond(time(from)),
                Instant.ofEpochSecond(time(to)),
                series,
                SYDNEY_AIRPORT,
                false);
    }

    private static Instant at(double seconds) {
        long s = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(s, Math.round((seconds - s) * 1e9));
    }

    /** The field over {@code [start, start + days)} from the shared data folder. */
    static BenchField load(Path data, Instant start, int days, long seed) throws IOException {
        int slots = (int) (days * 86_400L / STEP);
        Random rnd = new Random(seed);
        Map<String, double[]> households = households(data, start, slots);
        double[][] ausgrid = ausgrid(data, start, slots);
        List<String> names = new ArrayList<>(households.keySet());
        List<Member> members = new ArrayList<>();
        Map<String, Channel> channels = new LinkedHashMap<>();
        List<String> meterIds = new ArrayList<>();
        double[][] feederSum = new double[2][slots];
        for (int h = 0; h < names.size(); h++) {
            String m = "m" + names.get(h).substring(1);
            String feeder = h < names.size() / 2 ? "f1" : "f2";
            Asset meter = new Asset(m + "-meter", null, AssetKind.METER, 0, 0);
            members.add(member(m, new Site(m + "-site", null, feeder, List.of(meter))));
            double[] w = households.get(names.get(h));
            double[] fs = feederSum[feeder.equals("f1") ? 0 : 1];
            for (int i = 0; i < slots; i++) {
                fs[i] += w[i];
            }
            Channel c = channel(meter.id(), "p", Quantity.ACTIVE_POWER, Direction.IMPORT_POSITIVE, m, w, rnd);
            channels.put(c.id(), c);
            meterIds.add(c.id());
        }
        for (int f = 0; f < 2; f++) {
            double[] w = new double[slots];
            double loss = 0.025;
            for (int i = 0; i < slots; i++) {
                if (i % 2 == 0) {
                    loss = 0.01 + 0.03 * rnd.nextDouble();
                }
                double s = feederSum[f][i];
                w[i] = s + loss * Math.abs(s) + rnd.nextGaussian() * (0.005 * Math.abs(s) + 20);
            }
            Channel c = channel("f" + (f + 1), "p", Quantity.ACTIVE_POWER, Direction.IMPORT_POSITIVE, "", w, rnd);
            channels.put(c.id(), c);
        }
        Asset pv = new Asset("pv-plant", null, AssetKind.PV, PV_RATED_W, 0);
        members.add(member("coop", new Site("coop-plant", null, null, List.of(pv))));
        Channel pvChannel =
                channel(pv.id(), "p", Quantity.ACTIVE_POWER, Direction.DELIVERY_POSITIVE, "coop", ausgrid[1], rnd);
        channels.put(pvChannel.id(), pvChannel);
        Asset bat = new Asset("home-bat", null, AssetKind.BATTERY, BATTERY_W, BATTERY_WH);
        members.add(member("home", new Site("home-site", null, null, List.of(bat))));
        double[][] battery = battery(ausgrid[0], ausgrid[1], rnd);
        Channel bp =
                channel(bat.id(), "p", Quantity.ACTIVE_POWER, Direction.DELIVERY_POSITIVE, "home", battery[0], rnd);
        Channel bs = channel(bat.id(), "soc", Quantity.STATE_OF_CHARGE, Direction.NONE, "home", battery[1], rnd);
        channels.put(bp.id(), bp);
        channels.put(bs.id(), bs);
        Community community = new Community(
                "bench",
                "anomaly bench",
                members,
                List.of(),
                List.of(new Feeder("f1", null, "t1", 200_000, 200_000), new Feeder("f2", null, "t1", 200_000, 200_000)),
                List.of(new Transformer("t1", null, 400_000)));
        return new BenchField(start, slots, community, channels, meterIds);
    }

    private static Member member(String id, Site site) {
        return new Member(id, null, MemberType.HOUSEHOLD, List.of(site), List.of(new Participation("bench", 1.0)));
    }

    private static Channel channel(
            String asset, String name, Quantity q, Direction dir, String member, double[] v, Random rnd) {
        double[] delay = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            delay[i] = 1 + 9 * rnd.nextDouble();
        }
        Point p = Point.of(PointId.of("bench." + asset + "." + name), asset, PointKind.MEASUREMENT, q, dir);
        return new Channel(p, member, v, delay);
    }

    /**
     * SGSC households (W) with at most 1 % of readings missing in the period, each missing one filled with the same
     * slot a week earlier or later (as the demo data does).
     */
    private static Map<String, double[]> households(Path data, Instant start, int slots) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(data.resolve("households_sgsc50_nsw_2012-2013_30min.csv"))) {
            String[] head = r.readLine().split(",", -1);
            double[][] cols = new double[head.length][slots];
            for (double[] c : cols) {
                Arrays.fill(c, Double.NaN);
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                int i = slot(Instant.parse(f[0]), start, slots);
                if (i < 0) {
                    continue;
                }
                for (int c = 2; c < head.length; c++) {
                    if (!f[c].isEmpty()) {
                        cols[c][i] = Double.parseDouble(f[c]) * 2000;
                    }
                }
            }
            int week = 7 * 48;
            for (int c = 2; c < head.length; c++) {
                double[] v = cols[c];
                int missing = 0;
                for (double x : v) {
                    missing += Double.isNaN(x) ? 1 : 0;
                }
                if (missing > slots / 100) {
                    continue;
                }
                boolean complete = true;
                for (int i = 0; i < slots; i++) {
                    if (Double.isNaN(v[i])) {
                        double a = i >= week ? v[i - week] : Double.NaN;
                        double b = i + week < slots ? v[i + week] : Double.NaN;
                        v[i] = !Double.isNaN(a) ? a : b;
                        complete &= !Double.isNaN(v[i]);
                    }
                }
                if (complete) {
                    out.put(head[c], v);
                }
            }
        }
        return out;
    }

    /** The Ausgrid aggregate's average home load and its PV (W), by local wall-clock interval start. */
    private static double[][] ausgrid(Path data, Instant start, int slots) throws IOException {
        double[] load = new double[slots];
        double[] pv = new double[slots];
        Arrays.fill(load, Double.NaN);
        Arrays.fill(pv, Double.NaN);
        try (BufferedReader r = Files.newBufferedReader(data.resolve("ausgrid300_aggregate_30min.csv"))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                LocalDateTime local = LocalDateTime.parse(f[0]);
                if (SYDNEY.getRules().getValidOffsets(local).isEmpty()) {
                    continue; // the hour skipped when daylight saving starts (the source holds 0 there)
                }
                int i = slot(local.atZone(SYDNEY).toInstant(), start, slots);
                if (i >= 0) {
                    load[i] = Double.parseDouble(f[1]) * 2000;
                    pv[i] = Double.parseDouble(f[2]) * 2000;
                }
            }
        }
        return new double[][] {load, pv};
    }

    private static int slot(Instant t, Instant start, int slots) {
        long d = t.getEpochSecond() - start.getEpochSecond();
        if (d < 0 || d % STEP != 0 || d / STEP >= slots) {
            return -1;
        }
        return (int) (d / STEP);
    }

    /**
     * A home battery on the Ausgrid average home (the aggregate / 300): charges from PV surplus, discharges into the
     * load, within 5 kW and 10–95 % state of charge; power (+ discharge) with 1 % meter noise, state of charge
     * at each interval's start rounded to 0.1 %.
     */
    private static double[][] battery(double[] load, double[] pv, Random rnd) {
        int n = load.length;
        double[] p = new double[n];
        double[] soc = new double[n];
        double e = 0.5 * BATTERY_WH;
        for (int i = 0; i < n; i++) {
            soc[i] = Math.round(e / BATTERY_WH * 1000) / 10.0;
            double net = (Double.isNaN(load[i]) ? 0 : load[i] / 300) - (Double.isNaN(pv[i]) ? 0 : pv[i] / 300);
            double w = Math.max(-BATTERY_W, Math.min(BATTERY_W, net));
            double hours = STEP / 3600.0;
            if (w > 0) {
                w = Math.min(w, (e - 0.10 * BATTERY_WH) * BATTERY_EFFICIENCY / hours);
                e -= w / BATTERY_EFFICIENCY * hours;
            } else {
                w = -Math.min(-w, (0.95 * BATTERY_WH - e) / BATTERY_EFFICIENCY / hours);
                e -= w * BATTERY_EFFICIENCY * hours;
            }
            p[i] = w * (1 + 0.01 * rnd.nextGaussian());
        }
        return new double[][] {p, soc};
    }
}
