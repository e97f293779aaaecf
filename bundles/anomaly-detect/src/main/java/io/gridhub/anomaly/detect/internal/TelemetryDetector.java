package io.gridhub.anomaly.detect.internal;

import io.gridhub.api.anomaly.AnomalyDetector;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.DetectionWindow;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Site;
import io.gridhub.api.strategy.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The telemetry detector: the rules of every telemetry kind ({@link SeriesRules}, {@link GridRules}, {@link
 * PvRules}) beside the learned forecast-residual detector ({@link ResidualRule}). What a rule explains is not
 * reported again by a weaker one: a spike inside an out-of-range run is that run, and a learned finding that
 * overlaps a rule's finding on the same point is left out.
 */
@Component(service = {AnomalyDetector.class, Strategy.class})
public final class TelemetryDetector implements AnomalyDetector {
    public static final String NAME = "telemetry";
    public static final String VERSION = "1.0.0";

    private static final Set<AssetKind> CONSUMING =
            Set.of(AssetKind.LOAD, AssetKind.FLEXIBLE_LOAD, AssetKind.HEAT_PUMP, AssetKind.EV_CHARGER);
    private static final Set<AssetKind> DELIVERING = Set.of(AssetKind.PV, AssetKind.BATTERY);

    private final Thresholds th;

    public TelemetryDetector() {
        this(Thresholds.DEFAULTS);
    }

    public TelemetryDetector(Thresholds thresholds) {
        this.th = thresholds;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public List<Finding> detect(DetectionWindow window) {
        Community c = window.community();
        Topology topo = new Topology(c);
        Report report = new Report(c.id(), NAME + "/" + VERSION);
        List<Track> tracks = new ArrayList<>();
        for (DetectionWindow.Series s : window.series()) {
            Asset asset =
                    s.asset() != null ? s.asset() : topo.assets.get(s.point().assetId());
            tracks.add(Track.of(s, asset));
        }
        SeriesRules series = new SeriesRules(th, report);
        PvRules pv = window.location() == null ? null : new PvRules(th, report, window.location());
        double end = Track.seconds(window.to());
        for (Track k : tracks) {
            if (k.series.point().quantity() == Quantity.PRICE) {
                continue; // market data, dated ahead by design: not telemetry
            }
            Feeder feeder = topo.feeders.get(k.series.point().assetId());
            series.range(k, feeder == null ? 0 : Math.max(feeder.importLimitW(), feeder.exportLimitW()));
            if (k.size() == 0) {
                continue;
            }
            series.stuck(k);
            series.spike(k);
            series.gap(k, end, window.live());
            series.signFlip(k, topo.oneWay(k));
            series.clockDrift(k);
            if (pv != null && k.assetKind() == AssetKind.PV && power(k)) {
                pv.atNight(k);
                pv.underperforming(k);
            }
        }
        grid(topo, tracks, new GridRules(th, report));
        List<Finding> rules = new ArrayList<>(report.findings());
        Report learned = new Report(c.id(), NAME + "/" + VERSION);
        ResidualRule residuals = new ResidualRule(th, learned);
        tracks.stream().filter(k -> k.size() > 0).forEach(residuals::check);
        List<Finding> out = new ArrayList<>();
        for (Finding f : rules) {
            if (f.kind() != AnomalyKind.SPIKE || !explained(f, rules, Set.of(AnomalyKind.OUT_OF_RANGE))) {
                out.add(f);
            }
        }
        for (Finding f : learned.findings()) {
            if (!explained(f, rules, Set.of(AnomalyKind.values()))) {
                out.add(f);
            }
        }
        out.sort(Comparator.comparing(Finding::from).thenComparing(Finding::kind));
        return out;
    }

    private static boolean power(Track k) {
        return k.series.point().quantity() == Quantity.ACTIVE_POWER
                && k.series.point().kind() == PointKind.MEASUREMENT;
    }

    /** Whether a finding of one of {@code kinds} on one of the same points overlaps {@code f}. */
    private static boolean explained(Finding f, List<Finding> rules, Set<AnomalyKind> kinds) {
        for (Finding r : rules) {
            if (r != f
                    && kinds.contains(r.kind())
                    && r.points().stream().anyMatch(f.points()::contains)
                    && !r.from().isAfter(f.to())
                    && !f.from().isAfter(r.to())) {
                return true;
            }
        }
        return false;
    }

    private static void grid(Topology topo, List<Track> tracks, GridRules rules) {
        Map<String, Track> powerByAsset = new HashMap<>();
        Map<String, Track> socByAsset = new HashMap<>();
        for (Track k : tracks) {
            String asset = k.series.point().assetId();
            if (power(k)) {
                powerByAsset.putIfAbsent(asset, k);
            } else if (k.series.point().quantity() == Quantity.STATE_OF_CHARGE) {
                socByAsset.putIfAbsent(asset, k);
            }
        }
        for (Feeder f : topo.community.feeders()) {
            Track measured = powerByAsset.get(f.id());
            Optional<List<Track>> meters = topo.meters(f, powerByAsset);
            if (measured != null && meters.isPresent()) {
                rules.energyImbalance(f, measured, meters.get(), topo.membersOn(f));
            }
        }
        for (Asset a : topo.assets.values()) {
            Track soc = socByAsset.get(a.id());
            Track p = powerByAsset.get(a.id());
            if (a.kind() == AssetKind.BATTERY && soc != null && p != null) {
                rules.soc(a, soc, p, topo.memberOf.getOrDefault(a.id(), ""));
            }
        }
    }

    /** The community's assets, their members and sites, and its feeders, by id. */
    private static final class Topology {
        final Community community;
        final Map<String, Asset> assets = new HashMap<>();
        final Map<String, String> memberOf = new HashMap<>();
        final Map<String, Site> siteOf = new HashMap<>();
        final Map<String, Feeder> feeders = new HashMap<>();

        Topology(Community c) {
            this.community = c;
            c.feeders().forEach(f -> feeders.put(f.id(), f));
            for (Community.Placement at : c.placements()) {
                assets.put(at.asset().id(), at.asset());
                if (at.member() != null) {
                    memberOf.put(at.asset().id(), at.member().id());
                    siteOf.put(at.asset().id(), at.site());
                }
            }
        }

        /** A load, a PV plant, or a meter of a site where nothing can deliver power: one that runs one way. */
        boolean oneWay(Track k) {
            AssetKind kind = k.assetKind();
            if (kind == null) {
                return false;
            }
            if (kind == AssetKind.PV || CONSUMING.contains(kind)) {
                return true;
            }
            Site site = siteOf.get(k.series.point().assetId());
            return kind == AssetKind.METER
                    && site != null
                    && site.assets().stream().noneMatch(a -> DELIVERING.contains(a.kind()));
        }

        /** Each site's meter power on the feeder, when every site on it has one in the window. */
        Optional<List<Track>> meters(Feeder f, Map<String, Track> powerByAsset) {
            List<Track> out = new ArrayList<>();
            for (Member m : community.members()) {
                for (Site s : m.sites()) {
                    if (!f.id().equals(s.feederId())) {
                        continue;
                    }
                    Optional<Track> meter = s.assets().stream()
                            .filter(a -> a.kind() == AssetKind.METER)
                            .map(a -> powerByAsset.get(a.id()))
                            .filter(t -> t != null && t.size() > 0)
                            .findFirst();
                    if (meter.isEmpty()) {
                        return Optional.empty();
                    }
                    out.add(meter.get());
                }
            }
            return out.isEmpty() ? Optional.empty() : Optional.of(out);
        }

        List<String> membersOn(Feeder f) {
            List<String> out = new ArrayList<>();
            for (Member m : community.members()) {
                if (m.sites().stream().anyMatch(s -> f.id().equals(s.feederId()))) {
                    out.add(m.id());
                }
            }
            return out;
        }
    }
}
