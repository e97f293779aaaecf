package io.gridhub.shell.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.audit.AuditVerification;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code gridhub:audit [subject]}: the newest entries of the keyed audit trail, or the check of its chain. */
@Command(scope = "gridhub", name = "audit", description = "Shows the audit trail newest first, or checks its chain")
@Service
public class AuditCommand extends TableCommand {
    @Reference
    AuditTrail trail;

    @Argument(name = "subject", description = "only entries whose subject starts with this (e.g. a point id)")
    @Completion(PointCompleter.class)
    String subject;

    @Option(name = "-n", aliases = "--limit", description = "how many entries (default 20, at most 10000)")
    int limit = 20;

    @Option(name = "--verify", description = "check the whole chain against the key instead of listing")
    boolean verify;

    @Override
    Table table() throws AuditException {
        if (verify) {
            AuditVerification v = trail.verify();
            return new Table("Intact", "Entries", "Problem")
                    .row(v.intact(), v.entries(), v.problem().orElse(""));
        }
        Table t = new Table("Seq", "At", "Actor", "Channel", "Action", "Subject", "Outcome", "Detail");
        for (AuditRecord r : trail.recent(subject == null ? "" : subject, rows(limit))) {
            t.row(r.seq(), r.at(), r.actor(), r.channel(), r.action(), r.subject(), r.outcome(), r.detail());
        }
        return t;
    }
}
