package io.gridhub.core.internal.driver;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.driver.AddressException;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.driver.Driver;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs devices: turns a device configuration (host settings, driver settings) and the device's mapping (what to
 * read in which poll group, described once, in normalization: {@link RawIngest#mapping}) into a
 * {@link DeviceRunner}, or into a status that names what is wrong. A device is configured again when its mapping's
 * layout changes, appears or goes, and when normalization comes or goes. Plain Java; the OSGi side is
 * {@link DriverHostComponent}.
 */
public final class DriverHost implements DeviceRegistry, PointWriter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriverHost.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final SampleBus bus;
    private final Supplier<RawIngest> ingest;
    private final PointRegistry registry;
    private final Clock clock;
    private final Function<PointId, Optional<Instant>> lastStored;
    /** Devices that ran since the host started: only a device's first runner resumes from the store. */
    private final Set<String> ran = ConcurrentHashMap.newKeySet();
    /** Where each device's resume points are kept across restarts; null: in memory only. */
    private final Path stateDir;
    /** Each device's resume points, by name: they outlive a runner (reconfiguring keeps them). */
    private final Map<String, ResumePoints> resumePoints = new ConcurrentHashMap<>();

    private final Map<String, DeviceRunner<?, ?>> runners = new ConcurrentHashMap<>();
    private final Map<String, DeviceStatus> failed = new ConcurrentHashMap<>();
    /** By configuration key: what it was configured with, and the mapping it saw then (to notice a change). */
    private final Map<String, Configured> configured = new ConcurrentHashMap<>();

    private final ScheduledExecutorService watchdog;

    private record Configured(Driver<?, ?> driver, Map<String, ?> properties, Seen seen) {}

    /** What a device's configuration depended on outside itself: normalization running, and the mapping's layout. */
    private record Seen(boolean ingest, DeviceMapping mapping) {}

    /**
     * @param bus    for the devices' status points (the host's own; readings are published by normalization)
     * @param ingest normalization while it runs (null otherwise): it holds each device's mapping and takes every
     *               poll cycle; a device waits for it
     */
    public DriverHost(SampleBus bus, PointRegistry registry, Supplier<RawIngest> ingest, Clock clock) {
        this(bus, registry, ingest, clock, null);
    }

    /**
     * @param lastStored the source time of a point's last stored sample (empty when there is none or no store):
     *                   a device's first connect after the host started back-fills from there, as after a lost
     *                   link; null: no back-fill across a restart
     */
    public DriverHost(
            SampleBus bus,
            PointRegistry registry,
            Supplier<RawIngest> ingest,
            Clock clock,
            Function<PointId, Optional<Instant>> lastStored) {
        this(bus, registry, ingest, clock, lastStored, null);
    }

    /**
     * @param stateDir where each device's resume points (SPI 0.8: a buffered report's entry id) are written, one
     *                 file {@code <device>.json} each, so that a device resumes across a restart of the hub; null:
     *                 kept in memory only (a restart enables the device afresh)
     */
    public DriverHost(
            SampleBus bus,
            PointRegistry registry,
            Supplier<RawIngest> ingest,
            Clock clock,
            Function<PointId, Optional<Instant>> lastStored,
            Path stateDir) {
        this.stateDir = stateDir;
        this.bus = bus;
        this.ingest = ingest;
        this.registry = registry;
        this.clock = clock;
        this.lastStored = lastStored;
        this.watchdog = Daemons.scheduler("gridhub-device-watchdog");
        watchdog.scheduleWithFixedDelay(this::checkHung, 100, 100, TimeUnit.MILLISECONDS);
        watchdog.scheduleWithFixedDelay(this::refreshQuietly, 1, 1, TimeUnit.SECONDS);
    }

    /** Normalization came or went: devices are configured again soon, on the host's own thread. */
    public void ingestChanged() {
        try {
            watchdog.execute(this::refreshQuietly);
        } catch (RejectedExecutionException e) {
            // The host is closed (its component deactivated before the reference was unbound): nothing to run.
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("checking the devices' mappings failed", e);
        }
    }

    /** Configures again every device whose mapping (its layout) or normalization changed since it was configured. */
    synchronized void refresh() {
        for (Map.Entry<String, Configured> e : List.copyOf(configured.entrySet())) {
            Configured c = e.getValue();
            if (!seen(nameOf(e.getKey())).equals(c.seen())) {
                configure(e.getKey(), c.driver(), c.properties());
            }
        }
    }

    private String nameOf(String key) {
        DeviceRunner<?, ?> r = runners.get(key);
        if (r != null) {
            return r.name();
        }
        DeviceStatus f = failed.get(key);
        return f == null ? key : f.name();
    }

    private Seen seen(String device) {
        RawIngest in = ingest.get();
        if (in == null) {
            return new Seen(false, null);
        }
        try {
            return new Seen(
                    true, NAME.matcher(device).matches() ? in.mapping(device).orElse(null) : null);
        } catch (RuntimeException e) {
            return new Seen(false, null);
        }
    }

    private void checkHung() {
        long now = System.nanoTime();
        for (DeviceRunner<?, ?> r : runners.values()) {
            try {
                r.watchdog(now);
            } catch (RuntimeException e) {
                LOG.warn("watchdog failed on device {}", r.name(), e);
            }
        }
    }

    /**
     * Starts (or restarts) the device of one configuration.
     *
     * @param key        what identifies the configuration (its PID); a later call with the same key replaces it
     * @param properties the configuration: host settings ({@link DeviceConfig}) and the driver's own
     * @return the device name
     */
    public synchronized String configure(String key, Driver<?, ?> driver, Map<String, ?> properties) {
        stop(key);
        String name = key;
        Seen seen = seen(key);
        try {
            name = deviceName(properties, key);
            seen = seen(name);
            DeviceConfig cfg = TypedSettings.convert(DeviceConfig.class, properties);
            if (properties.containsKey("pointMap")) {
                throw new ConfigException("setting 'pointMap' describes the device a second time: a device is "
                        + "described once, by its mapping file (\"source\": \"" + name + "\", with pollGroups and "
                        + "each point's group; see docs/ingest.md); remove pointMap");
            }
            if (!seen.ingest()) {
                throw new Waiting(
                        "waiting for normalization (feature gridhub-ingest), which holds the device's mapping");
            }
            if (seen.mapping() == null) {
                throw new ConfigException("no mapping describes device '" + name + "': add a mapping file with "
                        + "\"source\": \"" + name + "\" to the ingest's mapping folder (etc/gridhub/mappings)");
            }
            DeviceRunner<?, ?> runner = build(name, driver, cfg, seen.mapping(), properties);
            runners.put(key, runner);
            registry.register(new Point(
                    DeviceRunner.statusPoint(name),
                    name,
                    PointKind.STATUS,
                    Quantity.STATUS,
                    "1",
                    Direction.NONE,
                    "device status: 0 offline, 1 online, 2 configuration error"));
            runner.start();
        } catch (Waiting e) {
            park(key, name, driver, DeviceState.OFFLINE, Quality.Reason.NOT_CONNECTED, e.getMessage());
        } catch (ConfigException | IllegalArgumentException e) {
            park(key, name, driver, DeviceState.CONFIG_ERROR, Quality.Reason.CONFIGURATION_ERROR, e.getMessage());
        }
        configured.put(key, new Configured(driver, properties, seen));
        return name;
    }

    /** A device that cannot run: its status says why, once. */
    private void park(
            String key, String name, Driver<?, ?> driver, DeviceState state, Quality.Reason reason, String why) {
        LOG.warn("device {} ({}) is {}: {}", name, driver.id(), state.name().toLowerCase(Locale.ROOT), why);
        Instant now = clock.instant();
        failed.put(key, new DeviceStatus(name, driver.id(), state, why, now, 0, 0, 0, 0, 0, 0));
        if (NAME.matcher(name).matches()) {
            bus.publish(new Sample(
                    DeviceRunner.statusPoint(name), state.ordinal(), Quality.invalid(reason, why), now, now));
        }
    }

    /** Normalization is not running: the device waits for it (OFFLINE, not a configuration error). */
    private static final class Waiting extends Exception {
        private static final long serialVersionUID = 1L;

        Waiting(String message) {
            super(message);
        }
    }

    private String deviceName(Map<String, ?> properties, String key) throws ConfigException {
        String name = properties.get("name") == null
                ? ""
                : properties.get("name").toString().trim();
        if (name.isBlank()) {
            // FileInstall names the file it read: etc/io.gridhub.driver.modbus.device-bat.cfg → "bat".
            Object file = properties.get("felix.fileinstall.filename");
            String base = file == null
                    ? key
                    : Path.of(file.toString().replaceFirst("^file:", ""))
                            .getFileName()
                            .toString()
                            .replaceFirst("\\.cfg$", "");
            int dash = base.indexOf('-');
            name = dash < 0 ? base : base.substring(dash + 1);
        }
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("device name '" + name + "': 1 to 64 letters, digits, '_' or '-'");
        }
        for (Map.Entry<String, DeviceRunner<?, ?>> e : runners.entrySet()) {
            if (e.getValue().name().equals(name)) {
                throw new ConfigException("device name '" + name + "' is already used by configuration " + e.getKey());
            }
        }
        return name;
    }

    private <S, A> DeviceRunner<S, A> build(
            String name, Driver<S, A> driver, DeviceConfig cfg, DeviceMapping mapping, Map<String, ?> properties)
            throws ConfigException {
        S settings;
        try {
            settings = TypedSettings.convert(driver.settingsType(), properties);
        } catch (RuntimeException e) {
            throw new ConfigException("driver " + driver.id() + " " + e.getMessage(), e);
        }
        Map<String, Long> intervals = new LinkedHashMap<>(mapping.pollGroups());
        intervals.putIfAbsent(DeviceMapping.DEFAULT_GROUP, cfg.pollMillis());
        Map<String, List<A>> channels = new LinkedHashMap<>();
        Map<String, List<DeviceMapping.Channel>> entries = new LinkedHashMap<>();
        Map<PointId, DeviceRunner.Target<A>> targets = new LinkedHashMap<>();
        for (DeviceMapping.Channel e : mapping.channels()) {
            A address;
            try {
                address = driver.parseAddress(e.address());
            } catch (AddressException ex) {
                throw new ConfigException("mapping of " + name + ", point " + e.point() + ": " + ex.getMessage(), ex);
            }
            if (!intervals.containsKey(e.group())) {
                throw new ConfigException("mapping of " + name + ", point " + e.point() + ": poll group '" + e.group()
                        + "' has no interval (pollGroups: "
                        + mapping.pollGroups().keySet() + ")");
            }
            channels.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(address);
            entries.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
            targets.putIfAbsent(e.point(), new DeviceRunner.Target<>(e, address));
        }
        List<DeviceRunner.Group<A>> groups = new ArrayList<>();
        for (Map.Entry<String, List<A>> g : channels.entrySet()) {
            groups.add(new DeviceRunner.Group<>(
                    g.getKey(), intervals.get(g.getKey()), g.getValue(), entries.get(g.getKey())));
        }
        if (cfg.backoffMinMillis() < 1 || cfg.backoffMaxMillis() < cfg.backoffMinMillis()) {
            throw new ConfigException("backoff needs 1 ≤ backoffMinMillis ≤ backoffMaxMillis");
        }
        Backoff backoff = new Backoff(
                Duration.ofMillis(cfg.backoffMinMillis()),
                Duration.ofMillis(cfg.backoffMaxMillis()),
                () -> ThreadLocalRandom.current().nextDouble());
        return new DeviceRunner<>(
                name,
                driver,
                settings,
                groups,
                targets,
                bus,
                ingest,
                clock,
                backoff,
                Duration.ofMillis(Math.max(100, cfg.watchdogMillis())),
                new DeviceRunner.PushSettings(
                        cfg.subscribe(),
                        Duration.ofMillis(Math.max(0, cfg.integrityPollMillis())),
                        Duration.ofMillis(Math.max(0, cfg.backfillWaitMillis()))),
                ran.add(name) ? lastStored : null,
                resumePoints.computeIfAbsent(name, n -> ResumePoints.load(stateDir, n)));
    }

    /** Stops the device of a configuration and forgets it; nothing happens for an unknown key. */
    public synchronized void remove(String key) {
        configured.remove(key);
        stop(key);
    }

    private void stop(String key) {
        failed.remove(key);
        DeviceRunner<?, ?> r = runners.remove(key);
        if (r != null) {
            r.stop();
        }
    }

    /** Stops every device of a driver that went away. */
    public synchronized void removeDriver(Driver<?, ?> driver) {
        for (String key : List.copyOf(runners.keySet())) {
            if (runners.get(key).driver() == driver) {
                remove(key);
            }
        }
        failed.entrySet().removeIf(e -> e.getValue().driver().equals(driver.id()));
        configured.values().removeIf(c -> c.driver() == driver);
    }

    @Override
    public List<DeviceStatus> devices() {
        List<DeviceStatus> all = new ArrayList<>(failed.values());
        runners.values().forEach(r -> all.add(r.status()));
        all.sort(Comparator.comparing(DeviceStatus::name));
        return all;
    }

    @Override
    public Optional<DeviceStatus> device(String name) {
        return devices().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * Writes a mapped point's value through its device (the raw value from the device's mapping); a point no
     * device maps is refused as INVALID with CONFIGURATION_ERROR.
     */
    @Override
    public CompletableFuture<Quality> write(PointId point, double value) {
        try {
            return runnerOf(point).write(point, value, false);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, e.getMessage()));
        }
    }

    /** Runs a mapped point's command with select-before-operate. */
    public CompletableFuture<Quality> command(PointId point, double value) {
        return runnerOf(point).write(point, value, true);
    }

    /** Polls one group of a device now, on the device's thread; the readings handed on (tests, benchmarks). */
    public CompletableFuture<Integer> pollNow(String device, String group) {
        return runners.values().stream()
                .filter(r -> r.name().equals(device))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device " + device))
                .pollNow(group);
    }

    /** Polls one group of a device {@code times} times back to back on its thread (benchmarks). */
    public CompletableFuture<Integer> pollRepeatedly(String device, String group, int times) {
        return runners.values().stream()
                .filter(r -> r.name().equals(device))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device " + device))
                .pollRepeatedly(group, times);
    }

    /**
     * Data-quality gaps per point of a device since it was configured: outages nothing back-filled, pushed readings
     * dropped; empty for an unknown device.
     */
    public Map<PointId, Long> gaps(String device) {
        return runners.values().stream()
                .filter(r -> r.name().equals(device))
                .findFirst()
                .map(DeviceRunner::gaps)
                .orElse(Map.of());
    }

    /** Whether a running device maps the point. */
    @Override
    public boolean writable(PointId point) {
        return runners.values().stream().anyMatch(r -> r.has(point));
    }

    private DeviceRunner<?, ?> runnerOf(PointId point) {
        return runners.values().stream()
                .filter(r -> r.has(point))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device maps point " + point));
    }

    @Override
    public synchronized void close() {
        watchdog.shutdownNow();
        for (String key : List.copyOf(runners.keySet())) {
            remove(key);
        }
        failed.clear();
        configured.clear();
    }
}
