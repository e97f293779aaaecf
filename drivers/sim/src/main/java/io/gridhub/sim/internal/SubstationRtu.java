package io.gridhub.sim.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.northbound.iec104.internal.IoaMap;
import io.gridhub.northbound.iec104.internal.Outstation;
import io.gridhub.sim.internal.FieldConfig.Feeder;
import io.gridhub.sim.internal.FieldConfig.Rtu;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The substation RTU: an IEC 60870-5-104 outstation (the hub's own northbound {@link Outstation} on j60870, no
 * commands) with each feeder's P and Q and the transformer's loading as short floats, answered on a general
 * interrogation (M_ME_NC_1) and sent spontaneously with a CP56 time tag of simulated time (M_ME_TF_1) on every
 * step. A feeder's P (W, + import from the transformer) is the sum of its members' meters and the shared assets on
 * it (the battery's and the plant's output reduce it); Q = P × tan(acos(power factor)); the loading is the
 * transformer's apparent power in % of its rating.
 */
final class SubstationRtu implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubstationRtu.class);

    /** Member {@code member}'s meter at an instant, W, + import. */
    interface Members {
        double w(int member, long epochMillis);
    }

    private final Rtu config;
    private final Members members;
    private final Map<String, DoubleSupplier> assets;
    private final Clock clock;
    private final Outstation outstation;
    private final Map<PointId, Sample> latest = new ConcurrentHashMap<>();
    private final double tanPhi;

    /**
     * @param assets each shared asset's output by id, W, + into the feeder (battery discharge, PV generation)
     */
    SubstationRtu(Rtu config, Members members, Map<String, DoubleSupplier> assets, Clock clock) throws IOException {
        this.config = config;
        this.members = members;
        this.assets = Map.copyOf(assets);
        this.clock = clock;
        this.tanPhi = Math.tan(Math.acos(config.powerFactor()));
        for (Feeder f : config.feeders()) {
            for (String a : f.assets()) {
                if (!assets.containsKey(a)) {
                    throw new IllegalArgumentException(
                            "feeder " + f.id() + ": unknown asset '" + a + "' (known: " + assets.keySet() + ")");
                }
            }
        }
        List<IoaMap.Entry> entries = new ArrayList<>();
        for (Feeder f : config.feeders()) {
            entries.add(entry(f.ioaP(), point(f.id(), "p")));
            entries.add(entry(f.ioaQ(), point(f.id(), "q")));
        }
        entries.add(entry(config.transformer().ioa(), point(config.transformer().id(), "loading")));
        compute();
        outstation = new Outstation(
                Outstation.Config.builder()
                        .listen(Outstation.Config.LOOPBACK, config.port())
                        .commonAddress(config.commonAddress())
                        .writeTimeoutMillis(5_000)
                        .build(),
                new IoaMap(entries),
                p -> Optional.ofNullable(latest.get(p)),
                () -> null,
                line -> LOG.info("{}: {}", config.name(), line),
                () -> null,
                clock);
        outstation.start();
        LOG.info(
                "{}: IEC 60870-5-104 RTU on 127.0.0.1:{} (common address {}), IOAs {}",
                config.name(),
                config.port(),
                config.commonAddress(),
                entries.stream().map(e -> e.ioa() + " " + e.point()).toList());
    }

    private static IoaMap.Entry entry(int ioa, PointId point) {
        return new IoaMap.Entry(ioa, point, IoaMap.Type.FLOAT, false, 1, Double.NaN, false);
    }

    /** The RTU's own name for a value; the hub names it through the mapping file (rtu.json). */
    static PointId point(String element, String quantity) {
        return PointId.of("rtu." + element + "." + quantity);
    }

    /** Feeder {@code id}'s active power now, W, + import. */
    double feederW(Feeder f, long now) {
        double p = 0;
        for (int m = f.firstMember(); m <= f.lastMember(); m++) {
            p += members.w(m, now);
        }
        for (String a : f.assets()) {
            p -= assets.get(a).getAsDouble();
        }
        return p;
    }

    /** Computes every value at now and sends the changes spontaneously. */
    void step() {
        outstation.onSamples(compute());
    }

    /** Every value at now, also kept for the interrogation. */
    private List<Sample> compute() {
        long now = clock.millis();
        Instant t = Instant.ofEpochMilli(now);
        List<Sample> samples = new ArrayList<>();
        double sumP = 0;
        double sumQ = 0;
        for (Feeder f : config.feeders()) {
            double p = feederW(f, now);
            double q = p * tanPhi;
            sumP += p;
            sumQ += q;
            samples.add(Sample.good(point(f.id(), "p"), p, t));
            samples.add(Sample.good(point(f.id(), "q"), q, t));
        }
        double loading = 100 * Math.hypot(sumP, sumQ) / config.transformer().ratedApparentPowerVA();
        samples.add(Sample.good(point(config.transformer().id(), "loading"), loading, t));
        samples.forEach(s -> latest.put(s.point(), s));
        return samples;
    }

    /** The value last computed for {@code point} (NaN before the first step). */
    double latest(PointId point) {
        Sample s = latest.get(point);
        return s == null ? Double.NaN : s.value();
    }

    int port() {
        return config.port();
    }

    @Override
    public void close() {
        outstation.close();
    }
}
