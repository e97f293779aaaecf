package io.gridhub.api.strategy;

import io.gridhub.api.check.Fields;

/**
 * The outcome of a lifecycle call (shadow, promote, rollback): the strategy as it stands afterwards, and, when a
 * promotion waits for a governance lead, the proposal that asks for it.
 *
 * @param strategy   the strategy the call was about, in its state after the call
 * @param pending    true when the change waits for approval (the strategy's state is then unchanged)
 * @param proposalId the strategy-activation proposal a pending promotion filed; 0 when none
 * @param detail     what happened, in one sentence
 */
public record StrategyTransition(StrategyInfo strategy, boolean pending, long proposalId, String detail) {
    public StrategyTransition {
        Fields.require("strategy", strategy);
        detail = Fields.orEmpty(detail);
    }
}
