package io.gridhub.anomaly.runner.internal;

import io.gridhub.api.anomaly.Finding;
import io.gridhub.api.strategy.StrategyGuard;
import java.util.List;

/**
 * What every detector's output must be: a list of findings of the window's community, at most {@code maxFindings} of
 * them, none {@code null}. The runner calls detectors behind {@link StrategyGuard} (time budget, what they throw)
 * with these checks.
 */
final class FindingChecks {
    private FindingChecks() {}

    /** The problems of a detector's output for a window of {@code community}; empty when valid. */
    static List<String> check(List<Finding> findings, String community, int maxFindings) {
        if (findings == null) {
            return List.of("no list of findings (null)");
        }
        if (findings.size() > maxFindings) {
            return List.of(findings.size() + " findings in one window, at most " + maxFindings);
        }
        for (Finding f : findings) {
            if (f == null) {
                return List.of("a null finding");
            }
            if (!f.community().equals(community)) {
                return List.of("a finding of community " + f.community() + " in a window of " + community);
            }
        }
        return List.of();
    }
}
