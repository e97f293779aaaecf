package io.gridhub.web.internal;

import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.api.settlement.MemberStatement;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Member data (docs/security.md, "Member data"): which points are a member's (those of the assets of the member's
 * sites: {@code <community>.<asset>.*}), the member record ({@code GET /members/{member}}), the community list
 * with other members' names redacted, and the export of a member's statements and time series
 * ({@code GET /members/{member}/export}), and its erasure ({@code DELETE /members/{member}/data}).
 */
final class Members {
    /** Export bounds: the longest time range and the most samples and statements in one answer. */
    static final Duration MAX_EXPORT_RANGE = Duration.ofDays(366);

    static final Duration DEFAULT_EXPORT_RANGE = Duration.ofDays(31);
    static final int MAX_EXPORT_SAMPLES = 200_000;
    static final int MAX_EXPORT_STATEMENTS = 400;

    private Members() {}

    static void register(Handlers h, Services hub) {
        h.get(
                "/api/v1/communities",
                c -> Page.of(c, Page.CATALOG)
                        .of("communities", communities(hub.topology().communities(), c.caller())));
        h.get("/api/v1/members/{member}", c -> record(hub.topology().communities(), c.var("member")));
        h.get("/api/v1/members/{member}/export", c -> {
            Instant to = Query.instant("to", c.param("to"), hub.clock().instant());
            Instant from = Query.instant("from", c.param("from"), to.minus(DEFAULT_EXPORT_RANGE));
            c.resp()
                    .setHeader(
                            "Content-Disposition",
                            "attachment; filename=\"member-" + c.var("member") + "-export.json\"");
            Services.Present now = hub.now();
            return export(
                    c.var("member"),
                    hub.topology().communities(),
                    hub.points().points(),
                    hub.points()::point,
                    now.ledger(),
                    now.store(),
                    from,
                    to,
                    hub.clock().instant());
        });
        h.delete(
                "/api/v1/members/{member}/data",
                c -> erase(
                        c.var("member"),
                        hub.topology().communities(),
                        hub.points().points(),
                        hub.points()::point,
                        hub.store()));
    }

    /**
     * The member whose data point {@code pointId} is: the point's asset (from the registry, else the id's second
     * segment) is an asset, a site or the id of a member of the community named by the id's first segment.
     */
    static Optional<String> ownerOfPoint(
            List<Community> communities, Function<PointId, Optional<Point>> registry, String pointId) {
        PointId id;
        try {
            id = PointId.of(pointId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] seg = id.value().split("\\.");
        if (seg.length < 2) {
            return Optional.empty();
        }
        String asset = registry.apply(id).map(Point::assetId).orElse(seg[1]);
        for (Community c : communities) {
            if (!c.id().equals(seg[0])) {
                continue;
            }
            for (Member m : c.members()) {
                if (m.id().equals(asset) || m.id().equals(seg[1])) {
                    return Optional.of(m.id());
                }
                for (Site s : m.sites()) {
                    if (s.id().equals(asset)
                            || s.id().equals(seg[1])
                            || s.assets().stream().map(Asset::id).anyMatch(a -> a.equals(asset) || a.equals(seg[1]))) {
                        return Optional.of(m.id());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The communities as {@code caller} may see them: names of members and their sites only to staff and self. */
    static List<Community> communities(List<Community> communities, Caller caller) {
        if (caller.staff()) {
            return communities;
        }
        return communities.stream()
                .map(c -> new Community(
                        c.id(),
                        c.name(),
                        c.members().stream()
                                .map(m -> caller.isMember(m.id()) ? m : redacted(m))
                                .toList(),
                        c.sharedAssets(),
                        c.feeders(),
                        c.transformers()))
                .toList();
    }

    /** Names become ids (a member's name is personal, a site's often an address). */
    private static Member redacted(Member m) {
        List<Site> sites = m.sites().stream()
                .map(s -> new Site(s.id(), null, s.feederId(), s.assets()))
                .toList();
        return new Member(m.id(), null, m.type(), sites, m.participations());
    }

    /** {@code GET /members/{member}}: the member and the communities it is in; 404 when no community has it. */
    static Map<String, Object> record(List<Community> communities, String member) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> in = new ArrayList<>();
        for (Community c : communities) {
            for (Member x : c.members()) {
                if (x.id().equals(member)) {
                    m.putIfAbsent("member", x);
                    in.add(c.id());
                }
            }
        }
        if (in.isEmpty()) {
            throw new ApiException(404, "no community has a member " + member);
        }
        m.put("communities", in);
        return m;
    }

    /** The points of the member's assets, in the order given. */
    private static List<Point> owned(
            String member,
            List<Community> communities,
            Collection<Point> points,
            Function<PointId, Optional<Point>> registry) {
        return points.stream()
                .filter(p -> ownerOfPoint(communities, registry, p.id().value())
                        .filter(member::equals)
                        .isPresent())
                .toList();
    }

    /**
     * {@code DELETE /members/{member}/data}: erases every stored sample of the member's points (the right to
     * erasure). Settlement statements stay: they are accounting records with a legal retention period.
     */
    static Map<String, Object> erase(
            String member,
            List<Community> communities,
            Collection<Point> points,
            Function<PointId, Optional<Point>> registry,
            TimeSeriesStore store) {
        record(communities, member);
        Map<String, Long> erased = new TreeMap<>();
        for (Point p : owned(member, communities, points, registry)) {
            try {
                erased.put(p.id().value(), store.erase(p.id()));
            } catch (StoreException e) {
                throw new ApiException(
                        503,
                        "erasing " + p.id() + " failed (" + erased.size() + " points erased before it): "
                                + e.getMessage());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("memberId", member);
        out.put("erasedSamples", erased);
        out.put(
                "kept",
                "settlement statements and allocations: accounting records kept for their legal retention "
                        + "period; new samples of the member's devices are stored again while they are connected");
        return out;
    }

    /**
     * {@code GET /members/{member}/export?from=&to=}: the member record, the latest version of every settled
     * statement of the member, and the raw samples of the member's points in {@code [from, to)} (default the last
     * 31 days, at most 366); 400 when that is more than {@link #MAX_EXPORT_SAMPLES} samples. A missing ledger or
     * store leaves its part out and says so.
     */
    static Map<String, Object> export(
            String member,
            List<Community> communities,
            Collection<Point> points,
            Function<PointId, Optional<Point>> registry,
            SettlementLedger ledger,
            TimeSeriesStore store,
            Instant from,
            Instant to,
            Instant now)
            throws SettlementException {
        if (!from.isBefore(to)) {
            throw new ApiException(400, "from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_EXPORT_RANGE) > 0) {
            throw new ApiException(
                    400,
                    "an export covers at most " + MAX_EXPORT_RANGE.toDays() + " days: export "
                            + "longer histories in parts (from=, to=)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("memberId", member);
        out.put("exportedAt", now);
        List<String> missing = new ArrayList<>();
        boolean known = false;
        try {
            out.putAll(record(communities, member));
            known = true;
        } catch (ApiException e) {
            out.put("member", null);
        }
        List<MemberStatement> statements = new ArrayList<>();
        boolean truncated = false;
        if (ledger == null) {
            missing.add("statements: no settlement ledger is running");
        } else {
            for (String c : ledger.communities()) {
                for (String p : ledger.periods(c)) {
                    Optional<SettlementRun> run = ledger.latest(c, p);
                    if (run.isPresent() && run.get().members().contains(member)) {
                        if (statements.size() >= MAX_EXPORT_STATEMENTS) {
                            truncated = true;
                            break;
                        }
                        statements.add(MemberStatement.of(run.get(), member));
                    }
                }
            }
        }
        if (!known && statements.isEmpty()) {
            throw new ApiException(404, "no member " + member + " in the communities or the settlement ledger");
        }
        out.put("statements", statements);
        out.put("statementsTruncated", truncated);
        Map<String, Object> series = new LinkedHashMap<>();
        if (store == null) {
            missing.add("timeSeries: no time-series store is running");
        } else {
            int total = 0;
            for (Point p : owned(member, communities, points, registry)) {
                List<Sample> samples;
                try {
                    samples = store.range(p.id(), from, to, MAX_EXPORT_SAMPLES - total + 1);
                } catch (StoreException e) {
                    throw new ApiException(503, "the store failed: " + e.getMessage());
                }
                total += samples.size();
                if (total > MAX_EXPORT_SAMPLES) {
                    throw new ApiException(
                            400,
                            "more than " + MAX_EXPORT_SAMPLES + " samples of member " + member + " in [" + from + ", "
                                    + to + "): export a shorter range (from=, to=)");
                }
                series.put(p.id().value(), samples);
            }
        }
        out.put("from", from);
        out.put("to", to);
        out.put("timeSeries", series);
        out.put("missing", missing);
        return out;
    }
}
