package io.gridhub.testkit;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.audit.AuditVerification;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub's audit trail in memory, for tests of code that must audit what it does: {@link #records} holds what was
 * appended (oldest first); with {@link #refuse} set every append fails like a broken trail or a store that is down.
 */
public class RecordingAuditTrail implements AuditTrail {
    public final List<AuditRecord> records = new CopyOnWriteArrayList<>();
    public volatile boolean refuse;
    private final Clock clock;

    public RecordingAuditTrail() {
        this(Clock.systemUTC());
    }

    public RecordingAuditTrail(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized AuditRecord append(
            String actor, String channel, String action, String subject, String outcome, String detail)
            throws AuditException {
        if (refuse) {
            throw new AuditException("the trail refuses (test): chain broken at seq " + (records.size() + 1), null);
        }
        AuditRecord r = new AuditRecord(
                records.size() + 1, clock.instant(), actor, channel, action, subject, outcome, detail, "");
        records.add(r);
        return r;
    }

    @Override
    public List<AuditRecord> recent(String subjectPrefix, int limit) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = records.size() - 1; i >= 0 && out.size() < limit; i--) {
            AuditRecord r = records.get(i);
            if (subjectPrefix == null || r.subject().startsWith(subjectPrefix)) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public AuditVerification verify() {
        return new AuditVerification(records.size(), Optional.empty());
    }
}
