package io.gridhub.api.anomaly;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The triage queue. Detectors {@link #report} findings; a finding that duplicates an open anomaly (same community,
 * kind and points, overlapping or adjacent evidence window) is folded into it rather than opening another. People
 * move anomalies through their states; every transition is audited, and one the audit trail refuses is not made.
 */
@ProviderType
public interface AnomalyQueue {
    /** Files the finding: a new anomaly, or the open one it was folded into. */
    Anomaly report(Finding finding);

    List<Anomaly> list(AnomalyFilter filter);

    Optional<Anomaly> get(long id);

    /**
     * Moves the anomaly to {@code state} for {@code user}, with a comment.
     *
     * @throws IllegalArgumentException when there is no such anomaly or the transition is not allowed
     * @throws IllegalStateException when the audit trail refuses to record it (or none runs): it is not made
     */
    Anomaly transition(long id, AnomalyState state, String user, String comment);
}
