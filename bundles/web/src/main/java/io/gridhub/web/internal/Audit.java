package io.gridhub.web.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.audit.AuditVerification;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hub's audit trail: {@code GET /audit?subject=&limit=&offset=} (entries newest first, optionally those whose
 * subject starts with a prefix) and {@code GET /audit/verify} (the whole chain checked:
 * {@code {"intact", "entries", "problem"}}). The governance log of policies stays at {@code /governance/audit}.
 */
final class Audit {
    private Audit() {}

    static void register(Handlers h, Services hub, HealthChecks checks) {
        h.get("/api/v1/audit", c -> entries(hub.audit(), c.param("subject"), Page.of(c, Page.LOG)));
        h.get("/api/v1/audit/verify", c -> {
            AuditTrail a = hub.audit();
            // Anonymous (loopback) callers get the check health uses, at most 10 s old: no fresh full check on
            // demand.
            return verification(c.caller().anonymous() ? checks.auditCheck() : checks.freshAuditCheck(a));
        });
    }

    /** One page of the entries newest first, those whose subject starts with {@code subject} (all when null). */
    static Map<String, Object> entries(AuditTrail trail, String subject, Page page) {
        // "" rather than null for all entries: every prefix check accepts it.
        String prefix = subject == null ? "" : subject.trim();
        return page.window(
                "entries",
                n -> {
                    try {
                        return trail.recent(prefix, n);
                    } catch (AuditException e) {
                        throw new ApiException(503, "the audit trail cannot be read: " + e.getMessage());
                    }
                },
                null);
    }

    static Map<String, Object> verification(AuditVerification v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("intact", v.intact());
        m.put("entries", v.entries());
        m.put("problem", v.problem().orElse(null));
        return m;
    }
}
