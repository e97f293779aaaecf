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
 * {@code GET /health}: bundles, the audit trail, the store and governance, each check at most 10 s old so that a
 * console polling health does not re-read them each time. The audit trail's check is shared with
 * {@code GET /audit/verify} ({@link Audit}).
 */
final class HealthChecks {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final String STORE_BUNDLE = "io.gridhub.store-derby";
    private static final String GOVERNANCE_BUNDLE = "io.gridhub.governance";
    /** A point no one has: reading its latest sample proves the store answers. */
    private static final PointId PROBE = PointId.of("gridhub.health.probe");

    private final Services hub;
    /** How old a cached check may be is wall time, whatever the hub's speed. */
    private final Clock wall = Clock.systemUTC();
    /** The last check of the audit trail. */
    private volatile AuditCheck auditCheck;
    /** A check's result (the problem, or empty) of one service. */
    private final Map<String, Check> checks = new ConcurrentHashMap<>();

    /** A check of one trail at one time. */
    private record AuditCheck(AuditTrail trail, Instant at, AuditVerification result) {}

    private record Check(Object service, Instant at, Optional<String> problem) {}

    HealthChecks(Services hub) {
        this.hub = hub;
    }

    void register(Handlers h) {
        h.on("GET", "/api/v1/health", c -> {
            Health health = health();
            write(c.resp(), health.up() ? 200 : 503, health);
        });
    }

    private Health health() {
        List<String> problems = new ArrayList<>();
        Bundle[] bundles = hub.context().getBundles();
        Services.Present now = hub.now();
        TimeSeriesStore s = now.store();
        if (s == null) {
            if (active(bundles, STORE_BUNDLE)) {
                problems.add("the time-series store is not running (bundle " + STORE_BUNDLE + " is active without "
                        + "its store; see data/log/karaf.log)");
            }
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
        PolicyGovernance g = now.governance();
        if (g == null) {
            if (active(bundles, GOVERNANCE_BUNDLE)) {
                problems.add("policy governance is not running (bundle " + GOVERNANCE_BUNDLE + " is active without "
                        + "it: a broken governance log stops it; see data/log/karaf.log)");
            }
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
                problems);
    }

    private static boolean active(Bundle[] bundles, String name) {
        for (Bundle b : bundles) {
            if (name.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                return true;
            }
        }
        return false;
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
