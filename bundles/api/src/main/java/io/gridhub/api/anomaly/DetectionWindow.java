package io.gridhub.api.anomaly;

import io.gridhub.api.check.Fields;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.Sample;
import java.time.Instant;
import java.util.List;

/**
 * What a detector looks at: the community (its topology: members, assets, feeders), the window {@code [from, to)},
 * every series in it, where the community is (for sun position; {@code null} when unknown) and whether the window
 * is live (the newest samples) or replayed from stored history.
 */
public record DetectionWindow(
        Community community, Instant from, Instant to, List<Series> series, GeoLocation location, boolean live) {
    public DetectionWindow {
        Fields.require("community from to", community, from, to);
        series = Fields.copyOf(series);
    }

    /**
     * One point's samples in the window, oldest first, with the asset it measures ({@code null} when unknown) and
     * the member it belongs to ({@code ""} for shared assets and grid measurements).
     */
    public record Series(Point point, Asset asset, String member, List<Sample> samples) {
        public Series {
            Fields.require("point", point);
            member = Fields.orEmpty(member);
            samples = Fields.copyOf(samples);
        }
    }
}
