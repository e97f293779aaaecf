package io.gridhub.web.internal;

import static io.gridhub.web.internal.Json.write;

import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.audit.AuditVerification;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.model.PointId;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness, {@code GET /health} and {@code GET /health/ready}: bundles, the services that take data and record
 * actions (the store, which registers its ledger and audit trail before itself, the ingest routes and governance),
 * the audit trail's check, the store's and governance's, each check at most 10 s old so that a console polling
 * health does not re-read them each time. A service whose bundle is installed but that is not open yet keeps the hub
 * STARTING for up to {@link #OPENING} after this servlet started; later its absence makes the hub DEGRADED.
 * Liveness, {@code GET /health/live}: 200 while the hub answers at all, whatever it waits for (a restart would not
 * help a hub that opens its store). The audit trail's check is shared with {@code GET /audit/verify} ({@link Audit}).
 */
final class HealthChecks {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final String STORE_BUNDLE = "io.gridhub.store-derby";
    private static final String GOVERNANCE_BUNDLE = "io.gridhub.governance";
    private static final String INGEST_BUNDLE = "io.gridhub.camel";
    /** How long a service may take to open (the store recovers and migrates its database) before it is missed. */
    static final Duration OPENING = Duration.ofMinutes(5);
    /** A point no one has: reading its latest sample proves the store answers. */
    private static final PointId PROBE = PointId.of("gridhub.health.probe");

    private final Services hub;
    /** How old a cached check may be is wall time, whatever the hub's speed. */
    private final Clock wall;
    /** The last check of the audit trail. */
    private volatile AuditCheck auditCheck;
    /** A check's result (the problem, or empty) of one service. */
    private final Map<String, Check> checks = new ConcurrentHashMap<>();
    /** When this servlet started: the services' opening is measured from here. */
    private final Instant started;

    /** A check of one trail at one time. */
    private record AuditCheck(AuditTrail trail, Instant at, AuditVerification result) {}

    private record Check(Object service, Instant at, Optional<String> problem) {}

    /** The answer of the liveness probe. */
    record Liveness(String status, String version) {}

    HealthChecks(Services hub) {
        this(hub, Clock.systemUTC());
    }

    /** With the wall clock that ages the cached checks and the services' opening. */
    HealthChecks(Services hub, Clock wall) {
        this.hub = hub;
        this.wall = wall;
        this.started = wall.instant();
    }

    void register(Handlers h) {
        Handlers.Handler ready = c -> {
            Health health = health();
            write(c.resp(), health.up() ? 200 : 503, health);
        };
        h.on("GET", "/api/v1/health", ready);
        h.on("GET", "/api/v1/health/ready", ready);
        h.get(
                "/api/v1/health/live",
                c -> new Liveness(
                        "ALIVE", hub.context().getBundle().getVersion().toString()));
    }

    Health health() {
        List<String> problems = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        Bundle[] bundles = hub.context().getBundles();
        Services.Present now = hub.now();
        TimeSeriesStore s = now.store();
        if (s == null) {
            absent(bundles, STORE_BUNDLE, "the time-series store", "is", "its store", waiting, problems);
        } else {
            cached("store", s, () -> {
                        try {
                            s.latest(PROBE);
                            return null;
                        } catch (StoreException | RuntimeException e) {
                            return "the time-series store fails: " + e.getMessage();
                        }
                    })
                    .ifPresent(problems::add);
        }
        if (now.quarantine() == null) {
            absent(bundles, INGEST_BUNDLE, "the ingest routes", "are", "them", waiting, problems);
        }
        PolicyGovernance g = now.governance();
        if (g == null) {
            absent(
                    bundles,
                    GOVERNANCE_BUNDLE,
                    "policy governance",
                    "is",
                    "it: a broken governance log stops it",
                    waiting,
                    problems);
        } else {
            cached("governance", g, () -> {
                        try {
                            return g.verifyAudit()
                                    .map(p -> "the governance audit log is broken: " + p)
                                    .orElse(null);
                        } catch (RuntimeException e) {
                            return "the governance audit log cannot be checked: " + e;
                        }
                    })
                    .ifPresent(problems::add);
        }
        return Health.of(
                bundles,
                hub.context().getBundle().getVersion().toString(),
                hub.bus().published(),
                auditCheck(),
                problems,
                waiting);
    }

    /**
     * A service that is not registered: nothing to wait for without its bundle; STARTING while its bundle is not
     * active yet or has had less than {@link #OPENING} to open it; a problem after that.
     */
    private void absent(
            Bundle[] bundles,
            String bundle,
            String what,
            String is,
            String without,
            List<String> waiting,
            List<String> problems) {
        Bundle b = bundle(bundles, bundle);
        if (b == null) {
            return;
        }
        if (b.getState() == Bundle.ACTIVE && wall.instant().isAfter(started.plus(OPENING))) {
            problems.add(what + " " + is + " not running (bundle " + bundle + " is active without " + without
                    + "; see data/log/karaf.log)");
        } else {
            waiting.add(what);
        }
    }

    private static Bundle bundle(Bundle[] bundles, String name) {
        for (Bundle b : bundles) {
            if (name.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                return b;
            }
        }
        return null;
    }

    private Optional<String> cached(String what, Object service, Supplier<String> check) {
        Check c = checks.get(what);
        Instant now = wall.instant();
        if (c == null || c.service() != service || c.at().plus(TTL).isBefore(now)) {
            c = new Check(service, now, Optional.ofNullable(check.get()));
            checks.put(what, c);
        }
        return c.problem();
    }

    /** The audit trail's check for health: at most 10 s old; null without a trail. */
    AuditVerification auditCheck() {
        AuditTrail a = hub.now().audit();
        if (a == null) {
            return null;
        }
        AuditCheck c = auditCheck;
        Instant now = wall.instant();
        if (c == null || c.trail() != a || c.at().plus(TTL).isBefore(now)) {
            c = new AuditCheck(a, now, verify(a));
            auditCheck = c;
        }
        return c.result();
    }

    /** A fresh check of {@code a}, kept as the one health reports. */
    AuditVerification freshAuditCheck(AuditTrail a) {
        AuditVerification v = verify(a);
        auditCheck = new AuditCheck(a, wall.instant(), v);
        return v;
    }

    private static AuditVerification verify(AuditTrail a) {
        try {
            return a.verify();
        } catch (RuntimeException e) {
            LOG.warn("the audit trail's check failed", e);
            return new AuditVerification(0, Optional.of("the check failed: " + e));
        }
    }
}
