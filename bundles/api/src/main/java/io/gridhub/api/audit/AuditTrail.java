package io.gridhub.api.audit;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The hub's one audit trail. Appends are durable before they return. */
@ProviderType
public interface AuditTrail {
    AuditRecord append(String actor, String channel, String action, String subject, String outcome, String detail)
            throws AuditException;

    /** At most {@code limit} entries, newest first, optionally only those whose subject starts with a prefix. */
    List<AuditRecord> recent(String subjectPrefix, int limit) throws AuditException;

    /** Checks the whole chain against the key and the separately recorded head. */
    AuditVerification verify();
}
