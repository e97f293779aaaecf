package io.gridhub.api.anomaly;

import io.gridhub.api.check.Fields;

/**
 * Which anomalies to list: each field narrows the list when set ({@code null} or empty text means any). {@code
 * limit} caps the answer (newest first).
 */
public record AnomalyFilter(
        String community,
        AnomalyKind kind,
        AnomalyState state,
        AnomalySeverity severity,
        String point,
        String member,
        int limit) {
    public AnomalyFilter {
        community = Fields.orEmpty(community);
        point = Fields.orEmpty(point);
        member = Fields.orEmpty(member);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
    }

    public static AnomalyFilter all(int limit) {
        return new AnomalyFilter(null, null, null, null, null, null, limit);
    }
}
