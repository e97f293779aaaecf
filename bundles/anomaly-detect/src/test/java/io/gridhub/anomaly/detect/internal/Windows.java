package io.gridhub.anomaly.detect.internal;

import io.gridhub.api.anomaly.DetectionWindow;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds detection windows for the tests: a community "c" whose members each have one site (on feeder f1 unless
 * said otherwise) with the given assets, and series of regularly spaced samples that arrive 2 s after their source
 * time.
 */
final class Windows {
    static final GeoLocation SYDNEY = new GeoLocation(-33.95, 151.18, ZoneId.of("Australia/Sydney"));

    private final Map<String, List<Asset>> sites = new LinkedHashMap<>();
    private final Map<String, String> feederOf = new LinkedHashMap<>();
    private final List<DetectionWindow.Series> series = new ArrayList<>();
    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final Map<String, String> memberOf = new LinkedHashMap<>();

    Windows member(String member, String feeder, Asset... assets) {
        sites.put(member, List.of(assets));
        feederOf.put(member, feeder);
        for (Asset a : assets) {
            this.assets.put(a.id(), a);
            memberOf.put(a.id(), member);
        }
        return this;
    }

    static Asset asset(String id, AssetKind kind, double ratedW, double capacityWh) {
        return new Asset(id, null, kind, ratedW, capacityWh);
    }

    /** Samples {@code values} of {@code <asset>.<name>} from {@code start}, one every {@code stepSeconds}. */
    Windows series(String asset, String name, Quantity q, Instant start, long stepSeconds, double... values) {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            times.add(start.plusSeconds(i * stepSeconds));
        }
        return series(asset, name, q, times, values);
    }

    Windows series(String asset, String name, Quantity q, List<Instant> times, double... values) {
        List<Instant> received = times.stream().map(t -> t.plusSeconds(2)).toList();
        return series(asset, name, q, times, received, values);
    }

    Windows series(
            String asset, String name, Quantity q, List<Instant> times, List<Instant> received, double... values) {
        PointId id = PointId.of("c." + asset + "." + name);
        Point p = Point.of(id, asset, PointKind.MEASUREMENT, q, Direction.NONE);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                samples.add(new Sample(id, values[i], Quality.GOOD, times.get(i), received.get(i)));
            }
        }
        series.add(new DetectionWindow.Series(p, assets.get(asset), memberOf.getOrDefault(asset, ""), samples));
        return this;
    }

    Community community() {
        List<Member> members = new ArrayList<>();
        sites.forEach((m, a) -> members.add(new Member(
                m,
                null,
                MemberType.HOUSEHOLD,
                List.of(new Site(m + "-site", null, feederOf.get(m), a)),
                List.of(new Participation("c", 1.0)))));
        return new Community(
                "c", null, members, List.of(), List.of(new Feeder("f1", null, null, 50_000, 50_000)), List.of());
    }

    DetectionWindow window(Instant from, Instant to, boolean live) {
        return new DetectionWindow(community(), from, to, series, SYDNEY, live);
    }
}
