package io.gridhub.core.internal;

/**
 * Whether a repeated task (a delivery, a hand-over) is failing now, so that the hub logs one line per change of
 * state, not one per attempt. Thread-safe for one task thread with readers elsewhere.
 */
public final class FailureState {
    private volatile boolean failing;

    /** Records a failure; true when it is the first since the last success (the moment to warn). */
    public boolean failed() {
        if (failing) {
            return false;
        }
        failing = true;
        return true;
    }

    /** Records a success; true when it ends a run of failures (the moment to say so). */
    public boolean recovered() {
        if (!failing) {
            return false;
        }
        failing = false;
        return true;
    }
}
