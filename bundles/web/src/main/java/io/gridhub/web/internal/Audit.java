package io.gridhub.web.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.audit.AuditVerification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The hub's audit trail: {@code GET /audit?subject=&limit=} (entries newest first, optionally those whose subject
 * starts with a prefix) and {@code GET /audit/verify} (the whole chain checked:
 * {@code {"intact", "entries", "problem"}}). The governance log of policies stays at {@code /governance/audit}.
 */
final class Audit implements Resource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    private final Services hub;
    private final HealthChecks checks;

    Audit(Services hub, HealthChecks checks) {
        this.hub = hub;
        this.checks = checks;
    }

    @Override
    public void register(Handlers h) {
        h.get("/api/v1/audit", c -> get(hub.audit(), c.seg(), c.req()::getParameter));
        h.get("/api/v1/audit/verify", c -> {
            AuditTrail a = hub.audit();
            // Anonymous (loopback) callers get the check health uses, at most 10 s old: no fresh full check on
            // demand.
            return verification(c.caller().anonymous() ? checks.auditCheck() : checks.freshAuditCheck(a));
        });
    }

    static Map<String, Object> get(AuditTrail trail, String[] seg, Function<String, String> query) {
        if (seg.length == 1) {
            String subject = query.apply("subject");
            int limit = Query.limit(query.apply("limit"), DEFAULT_LIMIT, MAX_LIMIT);
            try {
                // "" rather than null for all entries: every prefix check accepts it.
                return Map.of("entries", trail.recent(subject == null ? "" : subject.trim(), limit));
            } catch (AuditException e) {
                throw new ApiException(503, "the audit trail cannot be read: " + e.getMessage());
            }
        }
        if (seg.length == 2 && seg[1].equals("verify")) {
            return verification(trail.verify());
        }
        throw new ApiException(404, "try /api/v1/audit?subject=&limit= or /api/v1/audit/verify");
    }

    static Map<String, Object> verification(AuditVerification v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("intact", v.intact());
        m.put("entries", v.entries());
        m.put("problem", v.problem().orElse(null));
        return m;
    }
}
