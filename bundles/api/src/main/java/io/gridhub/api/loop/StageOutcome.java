package io.gridhub.api.loop;

/**
 * How a stage ended: {@code OK}; {@code DEGRADED} when it worked on a fallback (no forecast, no price, a rule plan)
 * and says which; {@code SKIPPED} when it had nothing to do (advisory mode, no approved policy); {@code FAILED}.
 */
public enum StageOutcome {
    OK,
    DEGRADED,
    SKIPPED,
    FAILED
}
