package io.gridhub.api.loop;

import io.gridhub.api.check.Fields;
import java.time.Duration;
import java.time.Instant;

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
        Fields.require("stage start duration outcome", stage, start, duration, outcome);
        reason = Fields.orEmpty(reason);
        strategy = Fields.orEmpty(strategy);
        version = Fields.orEmpty(version);
    }
}
