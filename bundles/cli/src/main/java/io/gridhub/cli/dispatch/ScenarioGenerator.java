package io.gridhub.cli.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Builds dispatch scenarios from the real series in the shared data folder (see its README):
 * <ul>
 * <li>member loads: SGSC smart-meter data of 50 NSW households ({@value #HOUSEHOLDS}), kWh per 30 min → W; member
 * k uses household k mod 50 on day k / 50 after the chosen date; an empty reading is replaced by the mean of the
 * households that have one at that time;</li>
 * <li>PV: the shape of 300 Ausgrid solar homes ({@value #PV}, 505 kWp in total) on the same calendar date, scaled
 * to each member's kWp;</li>
 * <li>prices: DE-LU day-ahead ({@value #PRICES}), EUR/MWh ÷ 1000 as the export price, plus a retail markup for
 * import, by local hour of day (the price series is a realistic shape, not those homes' tariff).</li>
 * </ul>
 * Which member has PV, a battery, an EV or a flexible load follows a seeded random draw, so a preset always
 * gives the same file. Sub-hourly steps repeat the hourly price and split each half-hour value.
 */
public final class ScenarioGenerator {
    static final String HOUSEHOLDS = "households_sgsc50_nsw_2012-2013_30min.csv";
    static final String PV = "ausgrid300_aggregate_30min.csv";
    static final String PRICES = "prices_DE_LU_dayahead_2024_60min.csv";
    static final double AUSGRID_KWP = 505;
    static final ZoneOffset AEST = ZoneOffset.ofHours(10);

    /** What a scenario is made of; times of day are local (AEST for loads, PV and EVs; Berlin for prices). */
    public record Preset(
            String id,
            String description,
            int members,
            Window window,
            Assets assets,
            Grid grid,
            Days days,
            long seed) {}

    /** The horizon: step, local hour of its start, length. */
    public record Window(int stepMinutes, int startHour, int hours) {}

    /**
     * Shares of the members with PV and with a home battery, EV sessions (and the share of them asking for a
     * minimum power), flexible loads, and whether the community has a shared battery.
     */
    public record Assets(
            double pvShare,
            double batteryShare,
            int evs,
            double evMinPowerShare,
            int flexibleLoads,
            boolean sharedBattery) {}

    /** Feeder f1's limits (f2 has 1.5 times them), the peak-demand charge, the import markup on the price. */
    public record Grid(
            double feederImportW, double feederExportW, double peakChargeEurPerKW, double importMarkupEurPerKWh) {}

    /** The calendar day of the loads and PV, and the day of the prices. */
    public record Days(LocalDate loadDate, LocalDate priceDate) {}

    private static final Window WHOLE_DAY = new Window(30, 0, 24);
    private static final Grid FEEDERS = new Grid(60000, 40000, 0, 0.20);
    private static final Days LATE_SUMMER = new Days(LocalDate.of(2013, 2, 19), LocalDate.of(2024, 5, 14));

    public static final Map<String, Preset> PRESETS = Stream.of(
                    new Preset(
                            "community-day",
                            "50 households on two feeders, one day in 30-minute steps: "
                                    + "PV, home and community batteries, a few EVs and flexible loads",
                            50,
                            WHOLE_DAY,
                            new Assets(0.6, 0.2, 5, 1.0, 5, true),
                            FEEDERS,
                            LATE_SUMMER,
                            1),
                    new Preset(
                            "feeder-evening",
                            "50 households, 16:00-24:00 in 30-minute steps: feeder f1 "
                                    + "cannot carry the evening peak and the EVs arriving at once",
                            50,
                            new Window(30, 16, 8),
                            new Assets(0.6, 0.3, 12, 0.5, 0, true),
                            new Grid(32000, 40000, 0, 0.20),
                            LATE_SUMMER,
                            2),
                    new Preset(
                            "ev-flex-day",
                            "30 households, one day in 30-minute steps: 12 EV sessions "
                                    + "(half with a 6 A minimum) and 15 flexible loads",
                            30,
                            WHOLE_DAY,
                            new Assets(0.4, 0.1, 12, 0.5, 15, false),
                            FEEDERS,
                            new Days(LocalDate.of(2013, 2, 20), LocalDate.of(2024, 6, 4)),
                            3),
                    new Preset(
                            "quarter-hour-day",
                            "50 households, one day in 15-minute steps with a peak-demand charge",
                            50,
                            new Window(15, 0, 24),
                            new Assets(0.6, 0.3, 3, 1.0, 5, true),
                            new Grid(60000, 40000, 0.27, 0.20),
                            new Days(LocalDate.of(2013, 2, 21), LocalDate.of(2024, 4, 16)),
                            4))
            .collect(Collectors.toUnmodifiableMap(Preset::id, p -> p));

    private final Path data;

    public ScenarioGenerator(Path dataDir) {
        this.data = dataDir;
    }

    /** A preset with another member count and horizon (benchmarks); same data, same draws per member. */
    public static Preset scaled(Preset p, int members, int stepMinutes, int hours) {
        Assets a = p.assets();
        Grid g = p.grid();
        double feeders = Math.max(1, members / 50.0);
        return new Preset(
                p.id() + "-" + members + "x" + (hours * 60 / stepMinutes),
                p.description(),
                members,
                new Window(stepMinutes, p.window().startHour(), hours),
                new Assets(
                        a.pvShare(),
                        a.batteryShare(),
                        Math.max(a.evs(), members / 10),
                        0,
                        Math.max(a.flexibleLoads(), members / 10),
                        a.sharedBattery()),
                new Grid(
                        g.feederImportW() * feeders,
                        g.feederExportW() * feeders,
                        g.peakChargeEurPerKW(),
                        g.importMarkupEurPerKWh()),
                p.days(),
                p.seed());
    }

    public ObjectNode generate(Preset p) throws IOException {
        Window w = p.window();
        Assets a = p.assets();
        Grid g = p.grid();
        LocalDate loadDate = p.days().loadDate();
        LocalDate priceDate = p.days().priceDate();
        int steps = w.hours() * 60 / w.stepMinutes();
        int perHalfHour = 30 / w.stepMinutes();
        if (w.stepMinutes() > 30 || 30 % w.stepMinutes() != 0) {
            throw new IllegalArgumentException("step must divide 30 minutes");
        }
        int days = (w.startHour() + w.hours() + 23) / 24 + (p.members() - 1) / 50;
        Map<String, double[]> households = households(loadDate, days);
        double[] pvPerKwp = pvPerKwp(loadDate, days);
        double[] priceEurPerKWh = prices(priceDate, days);
        Instant start = loadDate.atStartOfDay().toInstant(AEST).plus(Duration.ofHours(w.startHour()));
        int firstHalfHour = w.startHour() * 2;
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("id", p.id());
        root.put("description", p.description());
        root.put(
                "source",
                "generated by ./gridhub dispatch-scenario --preset " + p.id() + " from ../shared/data: "
                        + HOUSEHOLDS + " (loads, from " + loadDate + " AEST), " + PV + " (PV shape per kWp), "
                        + PRICES
                        + " (DE-LU day-ahead from " + priceDate + " by local hour; import = price + "
                        + g.importMarkupEurPerKWh() + " EUR/kWh)");
        root.put("start", start.toString());
        root.put("stepMinutes", w.stepMinutes());
        root.put("steps", steps);
        ObjectNode prices = root.putObject("prices");
        ArrayNode imp = prices.putArray("importEurPerKWh");
        ArrayNode exp = prices.putArray("exportEurPerKWh");
        for (int s = 0; s < steps; s++) {
            int hour = w.startHour() + s * w.stepMinutes() / 60;
            double price = priceEurPerKWh[hour];
            imp.add(round(price + g.importMarkupEurPerKWh(), 5));
            exp.add(round(price, 5));
        }
        ObjectNode grid = root.putObject("grid");
        grid.putArray("transformers")
                .addObject()
                .put("id", "t1")
                .put("ratedApparentPowerVA", Math.max(250000, p.members() * 5000.0));
        ArrayNode feeders = grid.putArray("feeders");
        feeders.addObject()
                .put("id", "f1")
                .put("transformerId", "t1")
                .put("importLimitW", g.feederImportW())
                .put("exportLimitW", g.feederExportW());
        feeders.addObject()
                .put("id", "f2")
                .put("transformerId", "t1")
                .put("importLimitW", g.feederImportW() * 1.5)
                .put("exportLimitW", g.feederExportW() * 1.5);
        ObjectNode policy = root.putObject("policy");
        if (g.peakChargeEurPerKW() > 0) {
            policy.put("peakChargeEurPerKW", g.peakChargeEurPerKW());
        }
        policy.put("timeLimitSeconds", 120);
        List<String> hh = new ArrayList<>(households.keySet());
        ArrayNode members = root.putArray("members");
        Random rnd = new Random(p.seed());
        List<ObjectNode> all = new ArrayList<>();
        for (int k = 0; k < p.members(); k++) {
            String id = String.format("m%03d", k + 1);
            ObjectNode m = members.addObject();
            all.add(m);
            m.put("id", id);
            m.put("feederId", k % 2 == 0 ? "f1" : "f2");
            double[] load = households.get(hh.get(k % hh.size()));
            int dayOffset = (k / hh.size()) * 48;
            ArrayNode lw = m.putArray("loadW");
            for (int s = 0; s < steps; s++) {
                int hhIndex = dayOffset + firstHalfHour + s / perHalfHour;
                lw.add(round(load[hhIndex] * 2000, 1));
            }
            if (rnd.nextDouble() < a.pvShare()) {
                double kwp = new double[] {3, 4, 5, 6.6}[rnd.nextInt(4)];
                ObjectNode pv = m.putArray("pv").addObject();
                pv.put("id", id + "-pv").put("ratedPowerW", kwp * 1000);
                ArrayNode fw = pv.putArray("forecastW");
                for (int s = 0; s < steps; s++) {
                    fw.add(round(pvPerKwp[dayOffset + firstHalfHour + s / perHalfHour] * kwp * 1000, 1));
                }
            }
            if (rnd.nextDouble() < a.batteryShare()) {
                boolean big = rnd.nextBoolean();
                m.putArray("batteries")
                        .addObject()
                        .put("id", id + "-bat")
                        .put("maxChargeW", 5000)
                        .put("maxDischargeW", 5000)
                        .put("capacityWh", big ? 13500 : 10000)
                        .put("socMin", 0.1)
                        .put("socMax", 0.95)
                        .put("socInitial", 0.5)
                        .put("socTerminal", 0.5)
                        .put("chargeEfficiency", 0.95)
                        .put("dischargeEfficiency", 0.95)
                        .put("degradationEurPerKWh", 0.02);
            }
        }
        Instant end = start.plus(Duration.ofHours(w.hours()));
        for (int e = 0; e < a.evs(); e++) {
            ObjectNode m = all.get(rnd.nextInt(all.size()));
            if (m.has("evs")) {
                continue;
            }
            // Home charging: plugged in between 16:00 and 19:30, gone at 07:00 or at the end of the horizon.
            Instant arrival =
                    loadDate.atStartOfDay().toInstant(AEST).plus(Duration.ofMinutes(16 * 60 + 30L * rnd.nextInt(8)));
            if (arrival.isBefore(start)) {
                arrival = start;
            }
            Instant departure =
                    loadDate.plusDays(1).atStartOfDay().toInstant(AEST).plus(Duration.ofHours(7));
            if (departure.isAfter(end)) {
                departure = end;
            }
            if (!departure.isAfter(arrival.plus(Duration.ofHours(2)))) {
                arrival = loadDate.atStartOfDay().toInstant(AEST).plus(Duration.ofHours(Math.max(0, w.startHour())));
            }
            double hoursIn = Duration.between(arrival, departure).toMinutes() / 60.0;
            double maxW = rnd.nextBoolean() ? 7400 : 11000;
            double energy = Math.min(round(6000 + rnd.nextInt(14) * 1000, 0), 0.6 * maxW * hoursIn);
            ObjectNode ev = m.putArray("evs").addObject();
            ev.put("id", m.get("id").asText() + "-ev")
                    .put("arrival", arrival.toString())
                    .put("departure", departure.toString())
                    .put("energyWh", round(energy, 0))
                    .put("maxPowerW", maxW);
            if (rnd.nextDouble() < a.evMinPowerShare()) {
                ev.put("minPowerW", 1380);
            }
        }
        for (int f = 0; f < a.flexibleLoads(); f++) {
            ObjectNode m = all.get(rnd.nextInt(all.size()));
            if (m.has("flexibleLoads")) {
                continue;
            }
            // A hot-water heater or a dishwasher that must run some time during the day.
            boolean water = rnd.nextBoolean();
            Instant ws = start.plus(Duration.ofHours(water ? Math.min(w.hours() - 4, 8) : 0));
            Instant we = start.plus(Duration.ofHours(water ? Math.min(w.hours(), 17) : w.hours()));
            m.putArray("flexibleLoads")
                    .addObject()
                    .put("id", m.get("id").asText() + (water ? "-hw" : "-dw"))
                    .put("windowStart", ws.toString())
                    .put("windowEnd", we.toString())
                    .put("energyWh", water ? 3000 : 1500)
                    .put("minPowerW", 0)
                    .put("maxPowerW", water ? 3000 : 2000);
        }
        if (a.sharedBattery()) {
            double scale = Math.max(1, p.members() / 50.0);
            root.putObject("shared")
                    .putArray("batteries")
                    .addObject()
                    .put("id", "community-bat")
                    .put("feederId", "f1")
                    .put("maxChargeW", 50000 * scale)
                    .put("maxDischargeW", 50000 * scale)
                    .put("capacityWh", 100000 * scale)
                    .put("socMin", 0.05)
                    .put("socMax", 0.95)
                    .put("socInitial", 0.6)
                    .put("socTerminal", 0.5)
                    .put("chargeEfficiency", 0.96)
                    .put("dischargeEfficiency", 0.96)
                    .put("degradationEurPerKWh", 0.015);
        }
        return root;
    }

    private static double round(double x, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f + 0.0;
    }

    private static Iterable<CSVRecord> csv(Reader r) throws IOException {
        return CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build()
                .parse(r);
    }

    /** kWh per half hour per household, from the date's 00:00 AEST, for {@code days} days. */
    private Map<String, double[]> households(LocalDate from, int days) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        String first = from.toString();
        String last = from.plusDays(days).toString();
        try (Reader r = Files.newBufferedReader(data.resolve(HOUSEHOLDS))) {
            for (CSVRecord rec : csv(r)) {
                String label = rec.get("timestamp_aest");
                String day = label.substring(0, 10);
                if (day.compareTo(first) < 0 || day.compareTo(last) >= 0) {
                    continue;
                }
                int idx = (int) (Duration.between(from.atStartOfDay(), LocalDateTime.parse(label.substring(0, 19)))
                                .toMinutes()
                        / 30);
                double sum = 0;
                int n = 0;
                List<String> missing = new ArrayList<>();
                for (String h : rec.getParser().getHeaderNames()) {
                    if (!h.startsWith("H")) {
                        continue;
                    }
                    double[] v = out.computeIfAbsent(h, k -> new double[days * 48]);
                    String cell = rec.get(h);
                    if (cell.isEmpty()) {
                        missing.add(h);
                    } else {
                        v[idx] = Double.parseDouble(cell);
                        sum += v[idx];
                        n++;
                    }
                }
                for (String h : missing) {
                    out.get(h)[idx] = n == 0 ? 0 : sum / n;
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(HOUSEHOLDS + " has no rows from " + from);
        }
        return out;
    }

    /** kW per kWp per half hour from the date's 00:00 local time. */
    private double[] pvPerKwp(LocalDate from, int days) throws IOException {
        double[] out = new double[days * 48];
        Map<String, Integer> seen = new HashMap<>();
        try (Reader r = Files.newBufferedReader(data.resolve(PV))) {
            for (CSVRecord rec : csv(r)) {
                String label = rec.get("interval_start_local");
                LocalDateTime t = LocalDateTime.parse(label);
                long idx = Duration.between(from.atStartOfDay(), t).toMinutes() / 30;
                if (idx >= 0 && idx < out.length) {
                    // Night-time values are meter noise (README): no PV before 05:00 or after 21:00.
                    int hour = t.getHour();
                    double v = hour < 5 || hour >= 21 ? 0 : Double.parseDouble(rec.get("pv_kWh")) * 2 / AUSGRID_KWP;
                    out[(int) idx] = v;
                    seen.merge(label.substring(0, 10), 1, Integer::sum);
                }
            }
        }
        if (seen.size() < days) {
            throw new IOException(PV + " does not cover " + days + " days from " + from);
        }
        return out;
    }

    /** EUR/kWh per local hour from the date's 00:00 Europe/Berlin (DST days trimmed or padded to 24 hours). */
    private double[] prices(LocalDate from, int days) throws IOException {
        Map<String, List<Double>> byDay = new HashMap<>();
        try (Reader r = Files.newBufferedReader(data.resolve(PRICES))) {
            for (CSVRecord rec : csv(r)) {
                byDay.computeIfAbsent(rec.get("timestamp_local").substring(0, 10), k -> new ArrayList<>())
                        .add(Double.parseDouble(rec.get("price_DE_LU_EUR_MWh")) / 1000);
            }
        }
        double[] out = new double[days * 24];
        for (int d = 0; d < days; d++) {
            List<Double> day = byDay.get(from.plusDays(d).toString());
            if (day == null) {
                throw new IOException(PRICES + " has no prices for " + from.plusDays(d));
            }
            for (int h = 0; h < 24; h++) {
                out[d * 24 + h] = day.get(Math.min(h, day.size() - 1));
            }
        }
        return out;
    }
}
