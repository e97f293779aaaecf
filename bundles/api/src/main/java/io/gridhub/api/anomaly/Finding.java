package io.gridhub.api.anomaly;

import io.gridhub.api.check.Fields;
import java.time.Instant;
import java.util.List;

/**
 * What a detector found: its kind and severity, in which community, the points and members it concerns, the
 * evidence window {@code [from, to)}, why it was flagged in plain language, a score (how far beyond the detector's
 * threshold, {@code >= 1} at the threshold; detector-specific) and which detector found it ({@code name/version}).
 */
public record Finding(
        String community,
        AnomalyKind kind,
        AnomalySeverity severity,
        List<String> points,
        List<String> members,
        Instant from,
        Instant to,
        String explanation,
        double score,
        String detector) {
    public Finding {
        Fields.require("community kind severity from to explanation", community, kind, severity, from, to, explanation);
        points = Fields.copyOf(points);
        members = Fields.copyOf(members);
        detector = Fields.orEmpty(detector);
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("evidence window ends (" + to + ") before it starts (" + from + ")");
        }
    }
}
