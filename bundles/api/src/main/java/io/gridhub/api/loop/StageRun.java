package io.gridhub.api.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One run of one stage for one community: when, how long, how it ended and why, and the strategy (name and
 * version) that did the work, where one did (empty otherwise).
 */
public record StageRun(
        LoopStage stage,
        long cycle,
        Instant start,
        Duration duration,
        StageOutcome outcome,
        String reason,
        String strategy,
        String version) {
    public StageRun {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? "" : reason;
        strategy = strategy == null ? "" : strategy;
        version = version == null ? "" : version;
    }
}
