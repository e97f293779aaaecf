package io.gridhub.web.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.QualityGap;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The points: {@code GET /points}, {@code /points/{point}} (its definition), {@code /points/{point}/latest} (the
 * latest sample on the bus) and {@code /points/{point}/samples?from&to[&step|&limit]} (stored samples, or buckets
 * of an ISO-8601 {@code step}; default the last hour of the hub's time). Samples page by time: with {@code limit},
 * {@code next} asks for the range after the last sample sent. {@code /points/{point}/gaps?from&to} lists the point's
 * data-quality gaps in the store (default the last day, at most {@link #MAX_GAP_PERIOD}).
 */
final class Points {
    private static final Logger LOG = LoggerFactory.getLogger(Points.class);
    static final int MAX_RAW_SAMPLES = 500_000;
    /** The longest period the gaps are looked for in at once (a month of 1 s samples is read in pages). */
    static final Duration MAX_GAP_PERIOD = Duration.ofDays(31);

    private Points() {}

    static void register(Handlers h, Services hub) {
        h.get(
                "/api/v1/points",
                c -> Page.of(c, Page.CATALOG).of("points", hub.points().points()));
        h.get("/api/v1/points/{point}", c -> {
            PointId id = pointId(c.var("point"));
            return hub.points().point(id).orElseThrow(() -> new ApiException(404, "unknown point " + id));
        });
        h.get("/api/v1/points/{point}/latest", c -> {
            PointId id = pointId(c.var("point"));
            return hub.latest()
                    .latest(id)
                    .orElseThrow(() -> new ApiException(404, "no sample of point " + id + " yet"));
        });
        h.get("/api/v1/points/{point}/samples", c -> samples(hub, pointId(c.var("point")), c));
        h.get("/api/v1/points/{point}/gaps", c -> gaps(hub, pointId(c.var("point")), c));
    }

    /**
     * The data-quality gaps of {@code [from, to)} (default: the last day): each with its span, length and why it
     * began, and their count and total length.
     */
    private static Map<String, Object> gaps(Services hub, PointId id, Call c) {
        Query.Range r = Query.range(c::param, hub.clock().instant(), Duration.ofDays(1));
        Instant from = r.from();
        Instant to = r.to();
        if (Duration.between(from, to).compareTo(MAX_GAP_PERIOD) > 0) {
            throw new ApiException(400, "at most " + MAX_GAP_PERIOD.toDays() + " days at once");
        }
        List<QualityGap> gaps;
        try {
            gaps = hub.store().gaps(id, from, to);
        } catch (StoreException e) {
            LOG.warn("gaps of {} failed", id, e);
            throw new ApiException(503, "the store failed: " + e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("point", id);
        body.put("from", from);
        body.put("to", to);
        body.put("count", gaps.size());
        body.put("total", gaps.stream().map(QualityGap::length).reduce(Duration.ZERO, Duration::plus));
        body.put(
                "gaps",
                gaps.stream()
                        .map(g -> Map.of(
                                "from", g.from(),
                                "to", g.to(),
                                "length", g.length(),
                                "open", g.open(),
                                "quality", g.quality()))
                        .toList());
        return body;
    }

    /** Raw samples, or buckets when {@code step} is given, of {@code [from, to)} (default: the last hour). */
    private static Map<String, Object> samples(Services hub, PointId id, Call c) {
        TimeSeriesStore s = hub.store();
        Query.Range r = Query.range(c::param, hub.clock().instant(), Duration.ofHours(1));
        Instant from = r.from();
        Instant to = r.to();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("point", id);
        body.put("from", from);
        body.put("to", to);
        try {
            String step = c.param("step");
            if (step == null || step.isBlank()) {
                // Read one more than the page, never the whole range: a year of one point would not fit the heap.
                int limit = Page.number(c::param, "limit", MAX_RAW_SAMPLES, 1, MAX_RAW_SAMPLES);
                List<Sample> samples = s.range(id, from, to, limit + 1);
                String next = null;
                if (samples.size() > limit) {
                    if (c.param("limit") == null) {
                        throw new ApiException(
                                400,
                                "more than " + MAX_RAW_SAMPLES + " samples of " + id + " in [" + from + ", " + to
                                        + "): ask for a shorter range, give a step, or page with limit");
                    }
                    samples = samples.subList(0, limit);
                    // The next page starts just after the last sample sent (one sample per point and time).
                    Instant after = samples.get(limit - 1).sourceTime().plusNanos(1);
                    next = Page.link(
                            c.req().getRequestURI(),
                            c.req().getQueryString(),
                            Map.of("from", after.toString(), "to", to.toString()));
                }
                body.put("samples", samples);
                body.put("limit", limit);
                body.put("next", next);
            } else {
                Duration d = duration(step);
                if ((to.toEpochMilli() - from.toEpochMilli()) / Math.max(1, d.toMillis()) > MAX_RAW_SAMPLES) {
                    throw new ApiException(400, "step " + step + " gives more than " + MAX_RAW_SAMPLES + " buckets");
                }
                body.put("step", d);
                body.put("buckets", s.aggregate(id, from, to, d));
            }
        } catch (StoreException e) {
            LOG.warn("query of {} failed", id, e);
            throw new ApiException(503, "the store failed: " + e.getMessage());
        }
        return body;
    }

    private static Duration duration(String v) {
        try {
            Duration d = Duration.parse(v.trim());
            if (d.isZero() || d.isNegative()) {
                throw new ApiException(400, "step must be positive, got " + v);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "step must be an ISO-8601 duration such as PT15M, got '" + v + "'");
        }
    }

    static PointId pointId(String raw) {
        String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        try {
            return PointId.of(decoded);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
    }
}
