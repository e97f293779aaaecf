package io.gridhub.api.loop;

/** The stages of the operating loop, in the order a cycle runs them; {@link #SETTLE} runs once a day. */
public enum LoopStage {
    SENSE,
    FORECAST,
    OPTIMIZE,
    GOVERN,
    EXECUTE,
    MEASURE,
    SETTLE
}
