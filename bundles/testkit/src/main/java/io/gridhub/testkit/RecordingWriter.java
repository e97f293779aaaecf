package io.gridhub.testkit;

import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * The driver host's write path in memory. Only {@link #mapped} points are writable (an unmapped one answers INVALID
 * with CONFIGURATION_ERROR, as the host does); {@link #writes} keeps {@code point=value} with the value rounded to a
 * whole number, {@link #values} the values exactly as written; {@link #answer} says how the device answers (GOOD by
 * default). With {@link #readBackTo} a good write shows up as the point's latest value, as a device read back after
 * the write would.
 */
public class RecordingWriter implements PointWriter {
    public final List<String> writes = new CopyOnWriteArrayList<>();
    /** The values of {@link #writes}, not rounded, in the same order. */
    public final List<Double> values = new CopyOnWriteArrayList<>();

    public final Set<PointId> mapped = ConcurrentHashMap.newKeySet();
    public volatile BiFunction<PointId, Double, Quality> answer = (p, v) -> Quality.GOOD;
    private volatile FakeBus readBack;
    private volatile Clock clock;

    /** Maps these points (and returns this writer). */
    public RecordingWriter map(String... points) {
        for (String p : points) {
            mapped.add(PointId.of(p));
        }
        return this;
    }

    /** Good writes become the point's latest value on {@code bus}, stamped with {@code clock}'s time. */
    public RecordingWriter readBackTo(FakeBus bus, Clock clock) {
        this.clock = clock;
        this.readBack = bus;
        return this;
    }

    @Override
    public CompletableFuture<Quality> write(PointId point, double value) {
        if (!mapped.contains(point)) {
            return CompletableFuture.completedFuture(
                    Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, "no device maps point " + point));
        }
        writes.add(point.value() + "=" + Math.round(value));
        values.add(value);
        Quality q = answer.apply(point, value);
        FakeBus bus = readBack;
        if (q.isGood() && bus != null) {
            bus.put(new Sample(point, value, Quality.GOOD, clock.instant(), clock.instant()));
        }
        return CompletableFuture.completedFuture(q);
    }

    @Override
    public boolean writable(PointId point) {
        return mapped.contains(point);
    }
}
