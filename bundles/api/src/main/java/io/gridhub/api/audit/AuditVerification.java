package io.gridhub.api.audit;

import java.util.Optional;

/** The result of checking the whole trail: how many entries, and the first problem found (edit, gap, truncation). */
public record AuditVerification(long entries, Optional<String> problem) {
    public AuditVerification {
        problem = problem == null ? Optional.empty() : problem;
    }

    public boolean intact() {
        return problem.isEmpty();
    }
}
