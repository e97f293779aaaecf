package io.gridhub.bench.loop;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.bench.ScalingIngest;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.core.internal.driver.DriverHost;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.forecast.gbm.internal.GbmForecaster;
import io.gridhub.forecast.gbm.internal.LightGbmForecaster;
import io.gridhub.loop.internal.LoopComponent;
import io.gridhub.sim.internal.ModbusBattery;
import io.gridhub.store.derby.internal.DerbyStore;
import io.gridhub.store.derby.internal.JdbcAuditTrail;
import io.gridhub.testkit.FakeRegistry;
import io.gridhub.testkit.FakeStrategies;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.RecordingEvents;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.util.converter.Converters;

/**
 * One operating-loop cycle of a 50-member community, per stage, end to end in a plain JVM. The loop is the real
 * {@link LoopComponent} (not scheduled: this class calls {@code cycle} and {@code execute}); around it the real
 * LightGBM forecaster, the LP dispatcher on OR-Tools with the rule dispatcher as fallback, the Derby store with a
 * month of real history, the store's HMAC audit trail, the driver host with the Modbus driver, and one Modbus
 * battery simulator per battery on loopback (51). Stubbed: the strategy registry, governance (an approved
 * autonomous policy) and the forecast runner's community forecast (made once at set-up with the same forecaster).
 * <pre>bench/loop/run.sh [warm-ups=2] [cycles=10]</pre>
 */
public final class LoopBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final LoopStage[] STAGES = {
        LoopStage.SENSE, LoopStage.FORECAST, LoopStage.OPTIMIZE, LoopStage.GOVERN, LoopStage.EXECUTE, LoopStage.MEASURE
    };
    private static final GeoLocation SYDNEY = new GeoLocation(-33.95, 151.18, BenchCommunity.SYDNEY);

    private final BenchCommunity data;
    private final Community community;
    private final Clock clock = Clock.systemUTC();
    private final Path dir;
    private final SampleBusImpl bus = new SampleBusImpl();
    /** Stands in for the normalization route the driver host hands raw readings to (bench/ingest times the route). */
    private final ScalingIngest ingest = new ScalingIngest(bus, clock);

    private final DriverHost host = new DriverHost(bus, new FakeRegistry(), () -> ingest, clock);
    private final List<ModbusBattery> sims = new ArrayList<>();
    private final Map<String, ModbusTCPMaster> raw = new LinkedHashMap<>();
    private EmbeddedDataSource ds;
    private DerbyStore store;
    private JdbcAuditTrail audit;
    private FakeStrategies registry;
    private LoopComponent perMember;
    private LoopComponent profileOnly;
    private int heartbeat;

    private LoopBench(Path data, Path dir) {
        this.data = new BenchCommunity(data, Instant.now());
        this.community = this.data.community;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("gridhub-loop-bench");
        LoopBench b = new LoopBench(data, dir);
        try {
            b.setUp();
            b.run(warmups, cycles);
        } finally {
            b.close();
        }
        System.exit(0);
    }

    // ---- set-up ----

    private void setUp() throws Exception {
        long t0 = System.nanoTime();
        ds = new EmbeddedDataSource();
        ds.setDatabaseName(dir.resolve("store").toString());
        ds.setCreateDatabase("create");
        store = new DerbyStore(ds, clock);
        // The hub's trail: a table in the store's database, key and head files apart (StoreComponent does the same).
        audit = new JdbcAuditTrail(ds, clock, dir.resolve("keys").resolve("audit.hmac"), dir.resolve("audit.head"));
        long history = loadHistory();
        log(
                "store: %,d history samples of %d points written to Derby in %.1f s",
                history, 2 * BenchCommunity.MEMBERS + 1, (System.nanoTime() - t0) / 1e9);
        bus.subscribe("store", p -> true, 100_000, samples -> {
            try {
                store.append(samples);
            } catch (Exception e) {
                log("store append from the bus failed: %s", e);
            }
        });

        t0 = System.nanoTime();
        List<String> batteries = new ArrayList<>();
        batteries.add("shared-bat");
        for (int i = 0; i < BenchCommunity.MEMBERS; i++) {
            batteries.add(BenchCommunity.member(i) + "-bat");
        }
        ModbusDriver driver = new ModbusDriver();
        for (String bat : batteries) {
            int port = Ports.free();
            sims.add(ModbusBattery.start(port, 30, 0));
            ingest.describe(mapping(bat, BenchCommunity.ID + "." + bat), Map.of("hr:4:uint16", 0.1));
            Map<String, Object> cfg = new HashMap<>();
            cfg.put("name", bat);
            cfg.put("host", "127.0.0.1");
            cfg.put("port", port);
            cfg.put("unitId", 1);
            cfg.put("timeoutMillis", 2000);
            cfg.put("pollMillis", 1000);
            host.configure(bat, driver, cfg);
            ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", port, 2000, false);
            m.connect();
            raw.put(bat, m);
        }
        Waits.until(
                Duration.ofSeconds(60),
                () -> host.devices().stream().allMatch(d -> d.state() == DeviceState.ONLINE)
                        && batteries.stream()
                                .allMatch(b -> bus.latest(PointId.of(BenchCommunity.ID + "." + b + ".soc"))
                                        .isPresent()),
                "51 devices online and polled");
        log(
                "devices: %d Modbus battery simulators on loopback, online through the driver host in %.1f s",
                sims.size(), (System.nanoTime() - t0) / 1e9);

        t0 = System.nanoTime();
        LightGbmForecaster gbm = new LightGbmForecaster(GbmForecaster.Settings.defaults());
        List<PublishedForecast> published = communityForecasts(gbm);
        log(
                "forecast runner stand-in: community load and PV forecasts (LightGBM natives loaded, 2 fits) in %.1f s",
                (System.nanoTime() - t0) / 1e9);
        Dispatcher lp = strategy("lp-optimizer");
        registry = new FakeStrategies().activate(gbm).activate(lp);
        perMember = loop(14, lp, published);
        profileOnly = loop(0, lp, published);
    }

    /** A dispatch strategy by name, as its jar lists it for ServiceLoader: no reaching into its package. */
    private static Dispatcher strategy(String name) {
        return ServiceLoader.load(Dispatcher.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no dispatch strategy " + name + " on the class path"));
    }

    private LoopComponent loop(int memberForecastMinDays, Dispatcher lp, List<PublishedForecast> published) {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("timeZone", BenchCommunity.SYDNEY.getId());
        cfg.put("latitude", SYDNEY.latitude());
        cfg.put("longitude", SYDNEY.longitude());
        cfg.put("sharedAssetFeeders", new String[] {"shared-bat=f1"});
        cfg.put("memberForecastMinDays", memberForecastMinDays);
        LoopComponent.Config config =
                Converters.standardConverter().convert(cfg).to(LoopComponent.Config.class);
        LoopComponent loop = LoopComponent.outside(() -> List.of(community), registry, bus, config, clock, false);
        loop.addDispatcher(lp, Map.of());
        // As the rule strategy's component declares it in the hub.
        loop.addDispatcher(strategy("rules"), Map.of(Dispatcher.FALLBACK_PROPERTY, true));
        // The optional references SCR sets in the hub.
        return loop.with(
                host,
                audit,
                new RecordingEvents(clock),
                BenchServices.autonomous(community.id(), Instant.now().minusSeconds(3600)),
                store,
                new BenchServices.Published(published));
    }

    /** A battery simulator's layout, as its mapping file would describe it (soc in tenths of a percent). */
    private static DeviceMapping mapping(String device, String prefix) {
        return new DeviceMapping(
                device,
                Map.of("fast", 1000L, "slow", 5000L),
                List.of(
                        new DeviceMapping.Channel("hr:0:float32", PointId.of(prefix + ".p"), "fast"),
                        new DeviceMapping.Channel("hr:4:uint16", PointId.of(prefix + ".soc"), "slow"),
                        new DeviceMapping.Channel("hr:10:float32", PointId.of(prefix + ".p_set"), "slow"),
                        new DeviceMapping.Channel("hr:12:uint16", PointId.of(prefix + ".heartbeat"), "slow"),
                        new DeviceMapping.Channel("ir:1:uint16", PointId.of(prefix + ".control_state"), "fast")));
    }

    /** 28 days of load and PV per member and 14 days of prices (plus the rest of today) at the sample interval. */
    private long loadHistory() throws Exception {
        int every = Integer.getInteger("loop.sampleSeconds", 60);
        int perSlot = (int) (BenchCommunity.SLOT.toSeconds() / every);
        long n = 0;
        int from = data.nowSlot - BenchCommunity.HISTORY_SLOTS;
        for (int m = 0; m < BenchCommunity.MEMBERS; m++) {
            String id = BenchCommunity.ID + "." + BenchCommunity.member(m);
            double kwp = BenchCommunity.pvKwp(m);
            double[] load = data.loadW[m];
            n += append(PointId.of(id + "-load.p"), from, data.nowSlot, perSlot, every, s -> load[s]);
            n += append(PointId.of(id + "-pv.p"), from, data.nowSlot, perSlot, every, s -> data.pvPerKwpW[s] * kwp);
        }
        // Day-ahead prices: the last 14 days and today's (local) auction result; tomorrow's is forecast.
        Instant endOfToday = data.nowSlotStart
                .atZone(BenchCommunity.SYDNEY)
                .toLocalDate()
                .plusDays(1)
                .atStartOfDay(BenchCommunity.SYDNEY)
                .toInstant();
        n += append(
                PointId.of(BenchCommunity.ID + ".market.price_da"),
                data.nowSlot - 14 * 48,
                data.slotOf(endOfToday),
                1,
                (int) BenchCommunity.SLOT.toSeconds(),
                s -> data.priceEurPerKWh[s]);
        return n;
    }

    private long append(PointId p, int fromSlot, int toSlot, int perSlot, int every, IntToDoubleFunction value)
            throws Exception {
        List<Sample> batch = new ArrayList<>();
        for (int s = fromSlot; s < toSlot; s++) {
            double v = value.applyAsDouble(s);
            if (Double.isNaN(v)) {
                continue;
            }
            Instant t = data.at(s);
            for (int k = 0; k < perSlot; k++) {
                Instant tk = t.plusSeconds((long) k * every);
                batch.add(new Sample(p, v, Quality.GOOD, tk, tk));
            }
        }
        store.append(batch);
        return batch.size();
    }

    /** What the forecast runner publishes for the community (sum of the members' history), with the same model. */
    private List<PublishedForecast> communityForecasts(LightGbmForecaster gbm) {
        int h = BenchCommunity.HISTORY_SLOTS;
        int from = data.nowSlot - h;
        double[] load = new double[h];
        double[] pv = new double[h];
        for (int s = 0; s < h; s++) {
            for (int m = 0; m < BenchCommunity.MEMBERS; m++) {
                double v = data.loadW[m][from + s];
                load[s] += Double.isNaN(v) ? 0 : v;
                pv[s] += data.pvPerKwpW[from + s] * BenchCommunity.pvKwp(m);
            }
        }
        Instant start = data.at(from);
        Instant issue = data.nowSlotStart;
        List<PublishedForecast> out = new ArrayList<>();
        for (ForecastKind kind : new ForecastKind[] {ForecastKind.LOAD, ForecastKind.PV}) {
            String target = community.id() + (kind == ForecastKind.LOAD ? ".load" : ".pv");
            TimeSeries past =
                    new TimeSeries(start, BenchCommunity.SLOT, "W", issue, kind == ForecastKind.LOAD ? load : pv);
            Forecast f = gbm.forecast(new ForecastRequest(
                    target, kind, past, Map.of(), issue, Duration.ofHours(48), BenchCommunity.SYDNEY, SYDNEY));
            out.add(new PublishedForecast(target, kind, gbm.name(), gbm.version(), issue, f));
        }
        return out;
    }

    // ---- the run ----

    /** The measurements of one iteration. */
    private record Iteration(
            Map<LoopStage, StageRun> stages,
            double cycleWallMs,
            double cycleCpuMs,
            double executeWallMs,
            Map<LoopStage, StageRun> profileStages,
            double profileWallMs,
            double rawMs,
            double hostMs,
            double auditMs,
            int writes) {}

    private void run(int warmups, int cycles) throws Exception {
        log(
                "run: 1 cold cycle, %d warm-ups, %d measured; %d cores, load %s",
                warmups, cycles, Runtime.getRuntime().availableProcessors(), loadAverage());
        Iteration cold = iteration();
        report("cold (first) cycle", cold);
        for (int i = 0; i < warmups; i++) {
            report("warm-up " + (i + 1), iteration());
        }
        List<Iteration> its = new ArrayList<>();
        for (int i = 0; i < cycles; i++) {
            Iteration it = iteration();
            its.add(it);
            report("cycle " + (i + 1), it);
        }
        // A refit cycle: the forecaster refits every target every 28 days (refitHours 672); a fresh instance refits
        // all of them now, in a warm JVM with the history already cached.
        LightGbmForecaster old =
                registry.active(StrategyRole.FORECAST, LightGbmForecaster.class).orElseThrow();
        LightGbmForecaster fresh = new LightGbmForecaster(GbmForecaster.Settings.defaults());
        registry.activate(fresh);
        Iteration refit = iteration();
        report("refit cycle (fresh forecaster: " + fresh.fits() + " fits)", refit);
        log("LightGBM fits in the cold cycle and before: %d (incl. the 2 community fits at set-up)", old.fits());
        registry.activate(old);
        fresh.close();
        String loadAfter = loadAverage();
        summary(cold, its, refit, loadAfter);
        probeAudit(2 * its.get(0).writes());
        probeFits();
        reasons("the cold cycle", cold);
        reasons("the refit cycle", refit);
        reasons("the last measured cycle", its.get(its.size() - 1));
    }

    private Iteration iteration() throws Exception {
        feedMeasurements();
        Community c = community;
        long cpu0 = CPU.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        perMember.cycle(c);
        long t1 = System.nanoTime();
        long cpu1 = CPU.getCurrentThreadCpuTime();
        perMember.execute(c);
        long t2 = System.nanoTime();
        Map<LoopStage, StageRun> stages = byStage(perMember.stages(c.id()));

        long t3 = System.nanoTime();
        profileOnly.cycle(c);
        long t4 = System.nanoTime();
        Map<LoopStage, StageRun> profile = byStage(profileOnly.stages(c.id()));

        // The same setpoints once more, side by side: raw j2mod, the driver host alone, the audit trail alone.
        Map<String, Double> setpoints = setpoints(perMember.latest(c.id()).orElseThrow());
        int hb = ++heartbeat;
        long r0 = System.nanoTime();
        for (Map.Entry<String, Double> e : setpoints.entrySet()) {
            ModbusTCPMaster m = raw.get(e.getKey());
            if (m == null) {
                throw new IllegalStateException(
                        "no simulator for " + e.getKey() + "; plan schedules " + setpoints.keySet());
            }
            int bits = Float.floatToIntBits(e.getValue().floatValue());
            m.writeMultipleRegisters(
                    1, 10, new Register[] {new SimpleRegister((bits >>> 16) & 0xFFFF), new SimpleRegister(bits & 0xFFFF)
                    });
            m.writeSingleRegister(1, 12, new SimpleRegister(hb));
        }
        long r1 = System.nanoTime();
        for (Map.Entry<String, Double> e : setpoints.entrySet()) {
            String p = c.id() + "." + e.getKey();
            check(
                    host.writable(PointId.of(p + ".p_set"))
                            ? host.write(PointId.of(p + ".p_set"), e.getValue()).get(10, TimeUnit.SECONDS)
                            : Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, p));
            check(host.write(PointId.of(p + ".heartbeat"), hb).get(10, TimeUnit.SECONDS));
        }
        long r2 = System.nanoTime();
        for (Map.Entry<String, Double> e : setpoints.entrySet()) {
            String p = c.id() + "." + e.getKey() + ".p_set";
            audit.append("bench", "bench", "bench.audit-only", p, "requested", "value=" + e.getValue());
            audit.append("bench", "bench", "bench.audit-only", p, "accepted", "value=" + e.getValue());
        }
        long r3 = System.nanoTime();
        Thread.sleep(1000); // the devices' polls and the store's bus writes go on between cycles, as in the hub
        return new Iteration(
                stages,
                ms(t1 - t0),
                (cpu1 - cpu0) / 1e6,
                ms(t2 - t1),
                profile,
                ms(t4 - t3),
                ms(r1 - r0),
                ms(r2 - r1),
                ms(r3 - r2),
                setpoints.size());
    }

    private static void check(Quality q) {
        if (!q.isGood()) {
            throw new IllegalStateException("a comparison write failed: " + q);
        }
    }

    private Map<String, Double> setpoints(Plan plan) {
        int step = (int) Math.max(
                0,
                Math.min(
                        plan.steps() - 1,
                        Math.floorDiv(
                                clock.millis() - plan.start().toEpochMilli(),
                                plan.step().toMillis())));
        Map<String, Double> out = new LinkedHashMap<>();
        for (AssetSchedule s : plan.schedules()) {
            if (s.setpoint() != null && raw.containsKey(s.assetId())) { // PV curtailment: no inverter device here
                out.put(s.assetId(), s.setpointsW()[step]);
            }
        }
        return out;
    }

    /** The members' meters, loads and PV as their devices would publish them now (real data of this slot). */
    private void feedMeasurements() {
        Instant now = clock.instant();
        int s = data.slotOf(now);
        List<Sample> out = new ArrayList<>();
        for (int m = 0; m < BenchCommunity.MEMBERS; m++) {
            String id = community.id() + "." + BenchCommunity.member(m);
            double load = data.loadW[m][s];
            double pv = data.pvPerKwpW[s] * BenchCommunity.pvKwp(m);
            double bat =
                    bus.latest(PointId.of(id + "-bat.p")).map(Sample::value).orElse(0.0);
            if (!Double.isNaN(load)) {
                out.add(new Sample(PointId.of(id + "-load.p"), load, Quality.GOOD, now, now));
                out.add(new Sample(PointId.of(id + "-meter.p"), load - pv - bat, Quality.GOOD, now, now));
            }
            out.add(new Sample(PointId.of(id + "-pv.p"), pv, Quality.GOOD, now, now));
        }
        bus.publish(out);
    }

    private static Map<LoopStage, StageRun> byStage(List<StageRun> runs) {
        Map<LoopStage, StageRun> m = new EnumMap<>(LoopStage.class);
        runs.forEach(r -> m.put(r.stage(), r));
        return m;
    }

    // ---- reporting ----

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double ms(StageRun r) {
        return r == null ? Double.NaN : r.duration().toNanos() / 1e6;
    }

    private static double stageSum(Map<LoopStage, StageRun> m) {
        double s = 0;
        for (LoopStage st : STAGES) {
            StageRun r = m.get(st);
            s += r == null ? 0 : ms(r);
        }
        return s;
    }

    private static void report(String what, Iteration it) {
        StringBuilder b = new StringBuilder(what + ":");
        for (LoopStage s : STAGES) {
            StageRun r = it.stages().get(s);
            b.append(String.format(
                    Locale.ROOT,
                    " %s %.0f ms (%s)",
                    s.name().toLowerCase(Locale.ROOT),
                    ms(r),
                    r == null ? "-" : r.outcome()));
        }
        b.append(String.format(
                Locale.ROOT,
                "; cycle() %.0f ms wall / %.0f ms CPU, execute() %.0f ms; "
                        + "profile-only forecast %.0f ms; %d writes: raw j2mod %.0f ms, driver host %.0f ms, "
                        + "audit %.0f ms",
                it.cycleWallMs(),
                it.cycleCpuMs(),
                it.executeWallMs(),
                ms(it.profileStages().get(LoopStage.FORECAST)),
                it.writes(),
                it.rawMs(),
                it.hostMs(),
                it.auditMs()));
        log("%s", b);
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String row(String name, double cold, List<Double> v, double refit) {
        double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(
                Locale.ROOT,
                "| %s | %,.0f | **%,.0f** | %,.0f – %,.0f | %,.0f |",
                name,
                cold,
                median(v),
                min,
                max,
                refit);
    }

    private static List<Double> of(List<Iteration> its, ToDoubleFunction<Iteration> f) {
        return its.stream().map(f::applyAsDouble).toList();
    }

    private void summary(Iteration cold, List<Iteration> its, Iteration refit, String loadAfter) {
        // One row: a figure of the cold cycle, of the measured ones and of the refit, taken the same way.
        BiConsumer<String, ToDoubleFunction<Iteration>> line =
                (name, f) -> System.out.println(row(name, f.applyAsDouble(cold), of(its, f), f.applyAsDouble(refit)));
        System.out.println();
        System.out.printf(
                "# %d measured cycles after warm-ups, %s; %d cores; load at the end %s%n",
                its.size(), Instant.now(), Runtime.getRuntime().availableProcessors(), loadAfter);
        System.out.println(
                "| ms (StageRun durations unless marked wall) | cold (first) | median | min – max " + "| refit |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (LoopStage s : STAGES) {
            line.accept(
                    s.name().charAt(0) + s.name().substring(1).toLowerCase(Locale.ROOT),
                    it -> ms(it.stages().get(s)));
        }
        line.accept("total of the six stages", it -> stageSum(it.stages()));
        line.accept("wall: cycle() + execute()", it -> it.cycleWallMs() + it.executeWallMs());
        line.accept("wall: cycle() (Sense … Measure)", Iteration::cycleWallMs);
        line.accept("CPU of the calling thread in cycle()", Iteration::cycleCpuMs);
        line.accept("wall: execute()", Iteration::executeWallMs);
        System.out.println("| **side by side** | | | | |");
        line.accept(
                "Forecast, per-member models (memberForecastMinDays=14)",
                it -> ms(it.stages().get(LoopStage.FORECAST)));
        line.accept(
                "Forecast, community profile only (memberForecastMinDays=0)",
                it -> ms(it.profileStages().get(LoopStage.FORECAST)));
        line.accept("wall: cycle() with the community profile only", Iteration::profileWallMs);
        line.accept(
                "Execute (loop: envelope, audit ×2, write, heartbeat per battery)",
                it -> ms(it.stages().get(LoopStage.EXECUTE)));
        line.accept("the same writes through the driver host alone (setpoint + heartbeat ×51)", Iteration::hostMs);
        line.accept("the same writes with a raw j2mod master (FC16 + FC6 ×51)", Iteration::rawMs);
        line.accept("the audit trail alone (2 appends ×51)", Iteration::auditMs);
    }

    /**
     * What one audit append is made of, timed apart in the same database and folder: a connection from the data
     * source, a one-row Derby commit (synced log), and the head file written as AuditHead writes it (temporary
     * file, force, atomic rename, force of the folder).
     */
    private void probeAudit(int n) throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE bench_probe (seq BIGINT PRIMARY KEY, mac VARCHAR(64))");
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ds.getConnection().close();
        }
        long t1 = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO bench_probe VALUES (?, ?)")) {
                for (int i = 0; i < n; i++) {
                    p.setLong(1, i);
                    p.setString(2, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
                    p.executeUpdate();
                    c.commit();
                }
            }
        }
        long t2 = System.nanoTime();
        Path head = dir.resolve("probe.head");
        for (int i = 0; i < n; i++) {
            Path tmp = dir.resolve("probe.head.tmp");
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(("seq " + i + "\n").getBytes()));
                ch.force(true);
            }
            Files.move(tmp, head, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
        long t3 = System.nanoTime();
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Audit append, its parts timed apart (%d each, %s): connection %.2f ms, one-row Derby commit "
                        + "%.2f ms, head file with fsync + rename + folder fsync %.2f ms per call%n",
                n,
                dir,
                ms(t1 - t0) / n,
                ms(t2 - t1) / n,
                ms(t3 - t2) / n);
    }

    /** The settings {@code d} with another history length and other numbers of boosting rounds. */
    private static GbmForecaster.Settings rounds(
            GbmForecaster.Settings d, int trainDays, int iterations, int quantileIterations) {
        return new GbmForecaster.Settings(
                d.refitEvery(),
                trainDays,
                iterations,
                quantileIterations,
                d.learningRate(),
                d.numLeaves(),
                d.threads(),
                d.p50Objective(),
                d.normalizeLoad(),
                d.holidayAsSunday(),
                d.recencyHalfLifeDays(),
                d.pvCombine(),
                d.pvShrink(),
                d.p50Bag());
    }

    /**
     * What one LightGBM fit costs, on the requests the Forecast stage makes for member m01 (28 days of its load
     * and PV): with the defaults, with the training matrix sized to the history (trainDays 28 instead of 1000),
     * and with a tenth of the boosting rounds. Ten fits each, each under its own target name (no model reuse).
     */
    private void probeFits() {
        GbmForecaster.Settings d = GbmForecaster.Settings.defaults();
        Map<String, GbmForecaster.Settings> variants = new LinkedHashMap<>();
        variants.put("defaults (150 + 60 + 60 rounds, trainDays 1000)", d);
        variants.put("trainDays 28", rounds(d, 28, d.iterations(), d.quantileIterations()));
        variants.put("15 + 6 + 6 rounds", rounds(d, d.trainDays(), 15, 6));
        int from = data.nowSlot - BenchCommunity.HISTORY_SLOTS;
        double[] load = Arrays.copyOfRange(data.loadW[0], from, data.nowSlot);
        double[] pv = new double[BenchCommunity.HISTORY_SLOTS];
        for (int i = 0; i < pv.length; i++) {
            pv[i] = data.pvPerKwpW[from + i] * BenchCommunity.pvKwp(0);
        }
        System.out.println();
        System.out.println("One LightGBM fit + forecast of member m01 (10 each, ms per call, wall / CPU):");
        for (Map.Entry<String, GbmForecaster.Settings> v : variants.entrySet()) {
            StringBuilder b = new StringBuilder("- " + v.getKey() + ":");
            for (ForecastKind kind : new ForecastKind[] {ForecastKind.LOAD, ForecastKind.PV}) {
                try (GbmForecaster g = new GbmForecaster(v.getValue())) {
                    long c0 = CPU.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 10; i++) {
                        TimeSeries past = new TimeSeries(
                                data.at(from),
                                BenchCommunity.SLOT,
                                "W",
                                data.nowSlotStart,
                                kind == ForecastKind.LOAD ? load : pv);
                        g.forecast(
                                "probe",
                                new ForecastRequest(
                                        "probe-" + kind + "-" + i,
                                        kind,
                                        past,
                                        Map.of(),
                                        data.nowSlotStart,
                                        Duration.ofHours(24),
                                        BenchCommunity.SYDNEY,
                                        SYDNEY));
                    }
                    b.append(String.format(
                            Locale.ROOT,
                            " %s %.0f / %.0f",
                            kind.name().toLowerCase(Locale.ROOT),
                            ms(System.nanoTime() - t0) / 10,
                            (CPU.getCurrentThreadCpuTime() - c0) / 1e7));
                }
            }
            System.out.println(b);
        }
    }

    private static void reasons(String which, Iteration it) {
        System.out.println();
        System.out.println("What the stages said in " + which + ":");
        for (LoopStage s : STAGES) {
            StageRun r = it.stages().get(s);
            if (r != null) {
                System.out.printf(
                        "- %s %s%s: %s%n",
                        s,
                        r.outcome(),
                        r.strategy().isEmpty() ? "" : " [" + r.strategy() + " " + r.version() + "]",
                        r.reason());
            }
        }
        StageRun f = it.profileStages().get(LoopStage.FORECAST);
        System.out.printf("- FORECAST (profile only) %s: %s%n", f.outcome(), f.reason());
    }

    private static String loadAverage() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return l[0] + " / " + l[1] + " / " + l[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void log(String format, Object... args) {
        System.out.println(
                "[" + Instant.now().toString().substring(11, 19) + "] " + String.format(Locale.ROOT, format, args));
    }

    private void close() {
        if (perMember != null) {
            perMember.deactivate();
            profileOnly.deactivate();
        }
        host.close();
        raw.values().forEach(ModbusTCPMaster::disconnect);
        sims.forEach(ModbusBattery::close);
        if (store != null) {
            store.close();
        }
        if (ds != null) {
            ds.setShutdownDatabase("shutdown");
            try {
                ds.getConnection().close();
            } catch (Exception e) {
                // Derby reports a shut-down database with an exception.
            }
        }
    }
}
