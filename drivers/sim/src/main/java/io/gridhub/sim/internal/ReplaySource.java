package io.gridhub.sim.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.api.registry.TopologyProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a real household recording for every site of the configured community, in real time: each member
 * is the recording shifted by a few days and scaled, so the demo shows distinct, realistic members. Publishes
 * one batch per period with the meter, load, PV and battery points of every site.
 */
@Component(
        service = {},
        configurationPid = ReplaySource.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ReplaySource.Config.class)
public final class ReplaySource {
    static final String PID = "io.gridhub.sim.replay";
    private static final Logger LOG = LoggerFactory.getLogger(ReplaySource.class);

    @ObjectClassDefinition(name = "gridhub replay simulator", description = "Replays recorded household data")
    public @interface Config {
        @AttributeDefinition(description = "CSV with load_kWh and pv_kWh per 30-minute interval")
        String file();

        @AttributeDefinition(description = "Community whose sites are simulated")
        String community();

        @AttributeDefinition(description = "Milliseconds between published batches", min = "100")
        int periodMillis() default 1000;

        @AttributeDefinition(description = "Days the recording is shifted from one member to the next")
        int dayShiftPerMember() default 3;

        @AttributeDefinition(
                description = "Sites not replayed: their points come from a device (e.g. the demo's "
                        + "IEC 61850 IED, m07-site)")
        String[] skipSites() default {};
    }

    private final SampleBus bus;
    private final TopologyProvider topology;
    private final Clock clock;
    private final Config config;
    private final HouseholdProfile profile;
    private final Map<String, SiteModel> models = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;
    private double lastEpochSecond = Double.NaN;
    private final Set<String> skipSites;

    @Activate
    public ReplaySource(@Reference SampleBus bus, @Reference TopologyProvider topology, Config config)
            throws IOException {
        this(bus, topology, config, Clock.systemUTC(), true);
    }

    ReplaySource(SampleBus bus, TopologyProvider topology, Config config, Clock clock, boolean schedule)
            throws IOException {
        if (config.periodMillis() < 100) {
            throw new IllegalArgumentException(PID + ": periodMillis must be ≥ 100, got " + config.periodMillis());
        }
        this.bus = bus;
        this.topology = topology;
        this.clock = clock;
        this.config = config;
        this.skipSites = config.skipSites() == null ? Set.of() : Set.of(config.skipSites());
        this.profile = HouseholdProfile.read(Path.of(config.file()));
        if (schedule) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gridhub-sim-replay");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::safeTick, 0, config.periodMillis(), TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
        LOG.info(
                "replaying {} ({} intervals) for community {} every {} ms",
                config.file(),
                profile.intervals(),
                config.community(),
                config.periodMillis());
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("replay tick failed", e);
        }
    }

    /** Publishes one batch for the current instant and returns it. */
    List<Sample> tick() {
        Community c = topology.communities().stream()
                .filter(x -> x.id().equals(config.community()))
                .findFirst()
                .orElse(null);
        if (c == null) {
            return List.of();
        }
        Instant now = clock.instant();
        double epoch = now.toEpochMilli() / 1000.0;
        double dt = Double.isNaN(lastEpochSecond) ? config.periodMillis() / 1000.0 : epoch - lastEpochSecond;
        lastEpochSecond = epoch;
        List<Sample> batch = new ArrayList<>();
        for (Member m : c.members()) {
            for (Site s : m.sites()) {
                if (skipSites.contains(s.id())) {
                    continue;
                }
                SiteModel model = models.computeIfAbsent(s.id(), k -> modelFor(s, models.size()));
                SiteModel.State st = model.step(epoch, dt);
                for (Asset a : s.assets()) {
                    addAsset(batch, c.id(), a, st, now);
                }
            }
        }
        bus.publish(batch);
        return batch;
    }

    private SiteModel modelFor(Site s, int index) {
        double pvPeak = s.assets().stream()
                .filter(a -> a.kind() == AssetKind.PV)
                .mapToDouble(Asset::ratedPowerW)
                .sum();
        Asset bat = s.assets().stream()
                .filter(a -> a.kind() == AssetKind.BATTERY)
                .findFirst()
                .orElse(null);
        // Members differ in size: 0.7× to 1.3× the recorded home, in a fixed pattern.
        double loadScale = 0.7 + 0.15 * (index % 5);
        return new SiteModel(
                profile,
                index * config.dayShiftPerMember(),
                loadScale,
                pvPeak,
                bat == null ? 0 : bat.ratedPowerW(),
                bat == null ? 0 : bat.energyCapacityWh());
    }

    private static void addAsset(List<Sample> batch, String communityId, Asset a, SiteModel.State st, Instant now) {
        String prefix = communityId + "." + a.id() + ".";
        double p = st.powerOf(a.kind());
        if (!Double.isNaN(p)) {
            batch.add(Sample.good(PointId.of(prefix + "p"), round(p), now));
        }
        if (a.kind() == AssetKind.BATTERY) {
            batch.add(Sample.good(PointId.of(prefix + "soc"), round(st.socPercent()), now));
        } else if (a.kind() == AssetKind.METER) {
            batch.add(Sample.good(PointId.of(prefix + "e_imp"), round(st.importWh()), now));
            batch.add(Sample.good(PointId.of(prefix + "e_exp"), round(st.exportWh()), now));
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
