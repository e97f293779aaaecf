package io.gridhub.camel.internal;

import io.gridhub.api.ingest.QuarantineEntry;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.camel.internal.SourceMapping.PointMapping;
import io.gridhub.camel.internal.SourceMapping.QualityCodes;
import io.gridhub.camel.internal.SourceMapping.TimePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.measure.UnitConverter;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link RawCycle} into a {@link Normalized} batch, reading by reading: address → point, scale and
 * offset, unit conversion (Indriya), sign, quality mapping, range, timestamp policy, then de-duplication and
 * deadband against the last value published for the point. A reading that cannot be normalized becomes a
 * quarantine entry with its raw input and the reason; one left out on purpose is counted as suppressed.
 */
final class Normalizer implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(Normalizer.class);

    private final Function<String, Optional<SourceMapping>> mappings;
    private final PointRegistry registry;
    /** By source: the mapping instance the points were prepared from, and the prepared points. */
    private final Map<String, Prepared> compiled = new ConcurrentHashMap<>();

    private final Map<PointId, Last> last = new ConcurrentHashMap<>();

    private record Last(double value, Quality quality, Instant time) {}

    private record Prepared(SourceMapping mapping, Map<String, Compiled> points) {}

    /** How far ahead of its received time a reading may be dated when its mapping does not say (time.future). */
    static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final Duration futureTolerance;

    Normalizer(Function<String, Optional<SourceMapping>> mappings, PointRegistry registry) {
        this(mappings, registry, DEFAULT_FUTURE_TOLERANCE);
    }

    Normalizer(Function<String, Optional<SourceMapping>> mappings, PointRegistry registry, Duration futureTolerance) {
        this.mappings = mappings;
        this.registry = registry;
        this.futureTolerance = futureTolerance;
    }

    /** Registers the points a mapping declares (those with a quantity) and prepares its points. */
    void loaded(SourceMapping m) {
        for (PointMapping p : m.points()) {
            if (p.quantity() != null) {
                try {
                    registry.register(new Point(
                            p.point(),
                            p.asset(),
                            p.kind(),
                            p.quantity(),
                            p.quantity().unit(),
                            Direction.NONE,
                            p.description()));
                } catch (IllegalArgumentException e) {
                    LOG.warn(
                            "mapping of source {}: point {} not registered: {}", m.source(), p.point(), e.getMessage());
                }
            }
        }
        compiled.remove(m.source());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getMessage().setBody(normalize(exchange.getMessage().getMandatoryBody(RawCycle.class)));
    }

    /**
     * After the batch is on the bus (or stored, for durable sources): what it published becomes the reference for
     * de-duplication and deadband. Not before: a batch the store refused must not suppress its own retry.
     */
    void published(Exchange exchange) {
        Normalized n = exchange.getMessage().getBody(Normalized.class);
        if (n != null) {
            for (Sample s : n.samples()) {
                last.put(s.point(), new Last(s.value(), s.quality(), s.sourceTime()));
            }
        }
    }

    Normalized normalize(RawCycle cycle) {
        Map<PointId, Last> pending = new HashMap<>();
        List<Sample> samples = new ArrayList<>(cycle.readings().size());
        List<QuarantineEntry> quarantined = new ArrayList<>();
        int suppressed = 0;
        Optional<SourceMapping> mapping = mappings.apply(cycle.source());
        Map<String, Compiled> points = mapping.map(this::compiledOf).orElse(Map.of());
        for (int i = 0; i < cycle.readings().size(); i++) {
            RawReading r = cycle.readings().get(i);
            String reason;
            if (mapping.isEmpty()) {
                reason = "no mapping for source '" + cycle.source() + "'";
            } else {
                Compiled c = points.get(r.address());
                if (c == null) {
                    reason = "no mapping for address '" + r.address() + "' of source '" + cycle.source() + "'";
                } else {
                    Outcome o = c.normalize(r, cycle.received(), mapping.get().time());
                    if (o.sample != null) {
                        if (keep(c.mapping, o.sample, pending)) {
                            samples.add(o.sample);
                        } else {
                            suppressed++;
                        }
                        continue;
                    }
                    reason = o.reason;
                }
            }
            String raw = cycle.rawOf(i);
            quarantined.add(new QuarantineEntry(
                    cycle.received(),
                    cycle.source(),
                    r.address(),
                    raw.isEmpty() ? describe(r) : raw,
                    r.sourceTime(),
                    reason));
        }
        return new Normalized(cycle.source(), samples, quarantined, suppressed);
    }

    private static String describe(RawReading r) {
        return r.quality().isEmpty()
                ? Double.toString(r.rawValue())
                : r.rawValue() + " (quality '" + r.quality() + "')";
    }

    private Map<String, Compiled> compiledOf(SourceMapping m) {
        Prepared p = compiled.get(m.source());
        if (p == null || p.mapping() != m) { // identity: a reloaded mapping is a new instance
            Map<String, Compiled> byAddress = new HashMap<>();
            for (PointMapping pm : m.points()) {
                byAddress.put(pm.address(), new Compiled(pm, QualityCodes.merge(m.quality(), pm.quality())));
            }
            p = new Prepared(m, byAddress);
            compiled.put(m.source(), p);
        }
        return p.points();
    }

    /**
     * The raw value of a write: {@code value} (in the point's unit, + import / discharge) through the point's mapping
     * backwards (sign, unit, offset, scale), so that reads and writes share one description of the device.
     *
     * @throws IllegalArgumentException the mapping has no such point, or the point's unit is not known
     */
    double toRaw(SourceMapping m, PointId point, double value) {
        Compiled c = compiledOf(m).values().stream()
                .filter(x -> x.mapping.point().equals(point))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the mapping of source '" + m.source() + "' has no point " + point));
        double v = c.mapping.invert() ? -value : value;
        return (c.converter().inverse().convert(v) - c.mapping.offset()) / c.mapping.scale();
    }

    /**
     * De-duplication and deadband against the last published value (or the last kept in this cycle); records what
     * is kept in {@code pending}.
     */
    private boolean keep(PointMapping m, Sample s, Map<PointId, Last> pending) {
        Last l = pending.containsKey(s.point()) ? pending.get(s.point()) : last.get(s.point());
        if (l != null) {
            boolean sameQuality = l.quality().equals(s.quality());
            if (m.dedupe()
                    && sameQuality
                    && l.time().equals(s.sourceTime())
                    && Double.compare(l.value(), s.value()) == 0) {
                return false;
            }
            if (m.deadband() > 0
                    && sameQuality
                    && s.quality().isGood()
                    && s.sourceTime().isAfter(l.time())
                    && Math.abs(s.value() - l.value()) < m.deadband()
                    && (m.heartbeat() == null
                            || Duration.between(l.time(), s.sourceTime()).compareTo(m.heartbeat()) < 0)) {
                return false;
            }
        }
        pending.put(s.point(), new Last(s.value(), s.quality(), s.sourceTime()));
        return true;
    }

    private record Outcome(Sample sample, String reason) {
        static Outcome quarantine(String reason) {
            return new Outcome(null, reason);
        }
    }

    /** One point mapping with its unit conversion resolved (once the point's unit is known). */
    private final class Compiled {
        final PointMapping mapping;
        final Map<String, String> qualities;
        volatile UnitConverter converter;

        Compiled(PointMapping mapping, Map<String, String> qualities) {
            this.mapping = mapping;
            this.qualities = qualities;
        }

        Outcome normalize(RawReading r, Instant received, TimePolicy policy) {
            Quality q;
            String target = qualities.get(r.quality());
            if (target != null) {
                q = QualityCodes.parse(target);
                if (q == null) {
                    return Outcome.quarantine("quality code '" + r.quality() + "' is mapped to QUARANTINE");
                }
            } else if (r.quality().isEmpty()) {
                q = Quality.GOOD;
            } else {
                q = RawReading.fromCode(r.quality());
                if (q == null) {
                    q = reasonCode(r.quality());
                }
                if (q == null) {
                    return Outcome.quarantine("unknown quality code '" + r.quality() + "' (map it in 'quality')");
                }
            }
            if (!Double.isFinite(r.rawValue()) && q.isGood()) {
                return Outcome.quarantine("raw value " + r.rawValue() + " is not a number");
            }
            UnitConverter conv;
            try {
                conv = converter();
            } catch (IllegalArgumentException e) {
                return Outcome.quarantine(e.getMessage());
            }
            double scaled = r.rawValue() * mapping.scale() + mapping.offset();
            // Indriya's number system refuses NaN and infinities; they only come with a bad quality here.
            double v = Double.isFinite(scaled) ? conv.convert(scaled) : scaled;
            if (mapping.invert()) {
                v = -v;
            }
            if (q.isGood()
                    && ((mapping.min() != null && v < mapping.min()) || (mapping.max() != null && v > mapping.max()))) {
                q = Quality.invalid(
                        Quality.Reason.OUT_OF_RANGE, v + " outside [" + mapping.min() + ", " + mapping.max() + "]");
            }
            Instant t = policy.use() == TimePolicy.Use.RECEIVED || r.sourceTime() == null ? received : r.sourceTime();
            if (policy.maxSkew() != null) {
                Duration skew = Duration.between(received, t).abs();
                if (skew.compareTo(policy.maxSkew()) > 0) {
                    String what = "source time " + t + " is " + skew + " from received time " + received + " (limit "
                            + policy.maxSkew() + ")";
                    switch (policy.onSkew()) {
                        case QUARANTINE -> {
                            return Outcome.quarantine(what);
                        }
                        case RECEIVED -> t = received;
                        case FLAG -> {}
                    }
                    if (q.isGood()) {
                        q = Quality.questionable(Quality.Reason.CLOCK_SKEW, what);
                    }
                }
            }
            // A reading dated ahead would stay the point's latest value (what the IEC 104 and OPC UA servers and
            // the loop see) until real time caught up with it: only sources that say so may date ahead.
            Duration ahead = policy.future() != null ? policy.future() : futureTolerance;
            if (t.isAfter(received.plus(ahead))) {
                return Outcome.quarantine("source time " + t + " is " + Duration.between(received, t)
                        + " ahead of received time " + received + " (limit " + ahead
                        + (policy.future() != null
                                ? ", the mapping's time.future)"
                                : "; a source of market data or forecasts declares " + "time.future in its mapping)"));
            }
            return new Outcome(new Sample(mapping.point(), v, q, t, received), null);
        }

        UnitConverter converter() {
            UnitConverter c = converter;
            if (c == null) {
                String unit = registry.point(mapping.point())
                        .map(Point::unit)
                        .orElseGet(() -> mapping.quantity() == null
                                ? null
                                : mapping.quantity().unit());
                if (unit == null) {
                    throw new IllegalArgumentException("point " + mapping.point() + " is not known to the hub "
                            + "and its mapping gives no 'quantity'");
                }
                c = UnitCatalog.converter(mapping.unit().isEmpty() ? unit : mapping.unit(), unit);
                converter = c;
            }
            return c;
        }
    }

    /** A code that names a reason (as the driver host passes them): INVALID with that reason. */
    private static Quality reasonCode(String code) {
        try {
            Quality.Reason reason = Quality.Reason.valueOf(code);
            return reason == Quality.Reason.NONE ? Quality.GOOD : Quality.invalid(reason, "");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
