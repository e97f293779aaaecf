package io.gridhub.api.anomaly;

/** Where an anomaly is in triage. {@code NEW} and {@code ACKNOWLEDGED} are open; the other two are closed. */
public enum AnomalyState {
    NEW,
    ACKNOWLEDGED,
    RESOLVED,
    FALSE_POSITIVE;

    public boolean open() {
        return this == NEW || this == ACKNOWLEDGED;
    }
}
