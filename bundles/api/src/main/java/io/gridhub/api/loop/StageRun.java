package io.gridhub.api.loop;

import io.gridhub.api.check.Fields;
import java.time.Duration;
import java.time.Instant;

/**
 * One run of one stage for one community: when, how long, how it ended and why, the strategy (name and version)
 * that did the work, where one did (empty otherwise), and how long that strategy's solver took within the stage
 * ({@code solveTime}, the plan's {@link io.gridhub.api.model.Plan#solveTime()}; null where no solver ran).
 */
public record StageRun(
        LoopStage stage,
        long cycle,
        Instant start,
        Duration duration,
        StageOutcome outcome,
        String reason,
        String strategy,
        String version,
        Duration solveTime) {
    public StageRun {
        Fields.require("stage start duration outcome", stage, start, duration, outcome);
        reason = Fields.orEmpty(reason);
        strategy = Fields.orEmpty(strategy);
        version = Fields.orEmpty(version);
    }

    /** A run in which no solver ran (the first version's shape). */
    public StageRun(
            LoopStage stage,
            long cycle,
            Instant start,
            Duration duration,
            StageOutcome outcome,
            String reason,
            String strategy,
            String version) {
        this(stage, cycle, start, duration, outcome, reason, strategy, version, null);
    }
}
