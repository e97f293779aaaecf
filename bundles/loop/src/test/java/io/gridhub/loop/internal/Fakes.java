package io.gridhub.loop.internal;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.event.Severity;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.Transformer;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** Hand-written fakes of the hub services the loop uses: plain objects, no OSGi. */
final class Fakes {
    private Fakes() {}

    /** Two members on feeder f1 (load, PV, meter each), a shared 30 kW / 60 kWh battery on f1. */
    static Community community() {
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            String m = "m0" + i;
            members.add(new Member(
                    m,
                    m,
                    MemberType.HOUSEHOLD,
                    List.of(new Site(
                            m + "-site",
                            null,
                            "f1",
                            List.of(
                                    new Asset(m + "-meter", null, AssetKind.METER, 0, 0),
                                    new Asset(m + "-load", null, AssetKind.LOAD, 0, 0),
                                    new Asset(m + "-pv", null, AssetKind.PV, 4000 * i, 0)))),
                    List.of(new Participation("demo", 1.0))));
        }
        return new Community(
                "demo",
                "demo",
                members,
                List.of(new Asset("shared-bat", null, AssetKind.BATTERY, 30_000, 60_000)),
                List.of(new Feeder("f1", null, "t1", 60_000, 40_000)),
                List.of(new Transformer("t1", null, 250_000)));
    }

    static final class Latest implements LatestValues {
        final Map<PointId, Sample> values = new HashMap<>();

        void put(String point, double v, Instant t) {
            values.put(PointId.of(point), new Sample(PointId.of(point), v, Quality.GOOD, t, t));
        }

        @Override
        public Optional<Sample> latest(PointId point) {
            return Optional.ofNullable(values.get(point));
        }

        @Override
        public Map<PointId, Sample> snapshot() {
            return Map.copyOf(values);
        }
    }

    /** A store of interval averages per point: {@code aggregate} returns the stored buckets that fall in range. */
    static final class Store implements TimeSeriesStore {
        final Map<PointId, TreeMap<Instant, Double>> avg = new HashMap<>();
        int queries;

        void put(String point, Instant start, double value) {
            avg.computeIfAbsent(PointId.of(point), k -> new TreeMap<>()).put(start, value);
        }

        @Override
        public void append(List<Sample> samples) {
            throw new UnsupportedOperationException("the loop never appends");
        }

        @Override
        public List<Sample> range(PointId point, Instant from, Instant to) {
            return List.of();
        }

        @Override
        public List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step) {
            queries++;
            List<Bucket> out = new ArrayList<>();
            var m = avg.get(point);
            if (m != null) {
                m.subMap(from, true, to, false).forEach((t, v) -> out.add(new Bucket(t, 1, v, v, v, v)));
            }
            return out;
        }

        @Override
        public Optional<Sample> latest(PointId point) {
            return Optional.empty();
        }
    }

    /** Records writes; answers with what {@code answer} says (GOOD by default); maps only {@code mapped} points. */
    static final class Writer implements PointWriter {
        final List<String> writes = new ArrayList<>();
        final Set<PointId> mapped = new HashSet<>();
        BiFunction<PointId, Double, Quality> answer = (p, v) -> Quality.GOOD;
        Latest readBack;
        Clock clock;

        @Override
        public CompletableFuture<Quality> write(PointId point, double value) {
            if (!mapped.contains(point)) {
                return CompletableFuture.completedFuture(
                        Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, "no device maps point " + point));
            }
            writes.add(point.value() + "=" + Math.round(value));
            Quality q = answer.apply(point, value);
            if (q.isGood() && readBack != null) {
                readBack.values.put(point, new Sample(point, value, Quality.GOOD, clock.instant(), clock.instant()));
            }
            return CompletableFuture.completedFuture(q);
        }

        @Override
        public boolean writable(PointId point) {
            return mapped.contains(point);
        }
    }

    static final class Events implements HubEvents {
        final List<HubEvent> events = new ArrayList<>();

        @Override
        public HubEvent raise(String community, String source, Severity severity, String subject, String message) {
            HubEvent e = new HubEvent(events.size() + 1, Instant.EPOCH, community, source, severity, subject, message);
            events.add(e);
            return e;
        }

        @Override
        public List<HubEvent> recent(int limit) {
            return List.copyOf(events);
        }
    }
}
