package io.gridhub.metrics.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.loop.StageRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The hub's own meters, fed from the services of bundles/api: the sample bus and the quarantine (counters read at
 * scrape time), the driver host's devices (state and counters per device, refreshed before each scrape), and every
 * run of the loop's stages as it ends ({@link #stageRan}: histograms of stage and solve times). Micrometer names
 * with dots, the Prometheus registry writes them with underscores and units ({@code gridhub.loop.stage} is
 * {@code gridhub_loop_stage_seconds}). The component calls the other methods under its own lock; the meters read it
 * at any time.
 */
final class HubMeters {
    /** Histogram buckets of stage and solver times: a sense takes milliseconds, a large solve up to a minute. */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(25),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(60)
    };

    private final MeterRegistry registry;
    /** Read by the gauges while a scrape writes: concurrent. */
    private final Map<String, DeviceStatus> devices = new ConcurrentHashMap<>();

    private final Map<String, List<Meter>> deviceMeters = new HashMap<>();
    /** Per kind of source (bus, quarantine), the service its meters read and those meters. */
    private final Map<String, Object> sources = new HashMap<>();

    private final Map<String, List<Meter>> bound = new HashMap<>();

    HubMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Values the bus carried: every normalized sample ingest published. */
    List<Meter> bus(SampleBus bus) {
        return List.of(FunctionCounter.builder("gridhub.ingest.values", bus, SampleBus::published)
                .description("Normalized values published on the sample bus since the hub started")
                .register(registry));
    }

    /** Readings ingest refused to normalize, with a reason (GET /api/v1/quarantine lists them). */
    List<Meter> quarantine(Quarantine quarantine) {
        return List.of(FunctionCounter.builder("gridhub.quarantined", quarantine, Quarantine::total)
                .description("Readings quarantined by ingest since the hub started")
                .register(registry));
    }

    /**
     * Registers the meters {@code make} gives for the service of a kind of source, replacing those of an earlier
     * service of that kind (DS binds a newer service before it unbinds the old one).
     */
    void bind(String kind, Object service, Supplier<List<Meter>> make) {
        // The old meters go first: Micrometer would hand back a registered meter of the same name.
        remove(bound.getOrDefault(kind, List.of()));
        sources.put(kind, service);
        bound.put(kind, make.get());
    }

    /** Removes the meters of a kind of source if they read {@code service} (not a newer one bound since). */
    void unbind(String kind, Object service) {
        if (sources.get(kind) == service) {
            sources.remove(kind);
            remove(bound.remove(kind));
        }
    }

    private void remove(List<Meter> meters) {
        meters.forEach(registry::remove);
    }

    /** The driver host's devices now: new devices get their meters, gone ones lose them. */
    void devices(List<DeviceStatus> now) {
        Map<String, DeviceStatus> byName = new HashMap<>();
        now.forEach(d -> byName.put(d.name(), d));
        for (String gone : new ArrayList<>(deviceMeters.keySet())) {
            DeviceStatus d = byName.get(gone);
            if (d == null || !d.driver().equals(devices.get(gone).driver())) {
                remove(deviceMeters.remove(gone));
                devices.remove(gone);
            }
        }
        devices.putAll(byName);
        for (DeviceStatus d : now) {
            deviceMeters.computeIfAbsent(d.name(), name -> deviceMeters(name, d.driver()));
        }
    }

    private List<Meter> deviceMeters(String name, String driver) {
        Tags tags = Tags.of("device", name, "driver", driver);
        List<Meter> meters = new ArrayList<>();
        for (DeviceState s : DeviceState.values()) {
            meters.add(Gauge.builder("gridhub.device.state", () -> state(name) == s ? 1 : 0)
                    .tags(tags)
                    .tag("state", s.name().toLowerCase(Locale.ROOT))
                    .description("1 for the state a device is in, 0 for the others")
                    .register(registry));
        }
        meters.add(counter(
                "gridhub.device.reconnects", tags, name, DeviceStatus::reconnects, "Connections opened after a loss"));
        meters.add(counter("gridhub.device.reads", tags, name, DeviceStatus::reads, "Read calls completed"));
        meters.add(counter(
                "gridhub.device.errors", tags, name, DeviceStatus::errors, "Readings not good, plus failed calls"));
        return meters;
    }

    private Meter counter(
            String meter, Tags tags, String device, ToDoubleFunction<DeviceStatus> value, String description) {
        return FunctionCounter.builder(meter, this, m -> {
                    DeviceStatus d = m.devices.get(device);
                    return d == null ? 0 : value.applyAsDouble(d);
                })
                .tags(tags)
                .description(description)
                .register(registry);
    }

    private DeviceState state(String device) {
        DeviceStatus d = devices.get(device);
        return d == null ? null : d.state();
    }

    /**
     * One run of a community's stage, as the loop ends it: its time in {@code gridhub.loop.stage}, its outcome in
     * {@code gridhub.loop.stage.runs}, and the time its strategy's solver took (where one ran) in
     * {@code gridhub.solver}. Micrometer's meters take concurrent records: the loop's threads call this directly.
     */
    void stageRan(String community, StageRun r) {
        String stage = r.stage().name().toLowerCase(Locale.ROOT);
        timer("gridhub.loop.stage", "Time of one run of an operating loop stage")
                .tags("stage", stage, "community", community)
                .register(registry)
                .record(r.duration());
        Counter.builder("gridhub.loop.stage.runs")
                .description("Runs of an operating loop stage by outcome")
                .tags(
                        "stage",
                        stage,
                        "community",
                        community,
                        "outcome",
                        r.outcome().name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
        if (r.solveTime() != null) {
            timer("gridhub.solver", "Time of one solve of a dispatch strategy's solver (the solve call alone)")
                    .tags("strategy", r.strategy(), "community", community)
                    .register(registry)
                    .record(r.solveTime());
        }
    }

    private static Timer.Builder timer(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
    }
}
