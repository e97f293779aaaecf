package io.gridhub.opcua.server.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.audit.AuditVerification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The audit trail in memory; {@link #refuse} makes every append fail like a broken trail or a store that is down. */
final class FakeAuditTrail implements AuditTrail {
    final List<AuditRecord> entries = new CopyOnWriteArrayList<>();
    volatile boolean refuse;

    @Override
    public synchronized AuditRecord append(String actor, String channel, String action, String subject,
                                           String outcome, String detail) throws AuditException {
        if (refuse) {
            throw new AuditException("the audit trail is broken (test)", null);
        }
        AuditRecord r = new AuditRecord(entries.size() + 1, Instant.now(), actor, channel, action, subject, outcome,
                detail, "");
        entries.add(r);
        return r;
    }

    @Override
    public List<AuditRecord> recent(String subjectPrefix, int limit) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (subjectPrefix == null || entries.get(i).subject().startsWith(subjectPrefix)) {
                out.add(entries.get(i));
            }
        }
        return out;
    }

    @Override
    public AuditVerification verify() {
        return new AuditVerification(entries.size(), Optional.empty());
    }
}
