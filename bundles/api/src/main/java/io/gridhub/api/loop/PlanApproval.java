package io.gridhub.api.loop;

/**
 * Whether a plan may be executed: {@code NOT_NEEDED} (autonomous), {@code PENDING} (supervised, not yet confirmed),
 * {@code CONFIRMED}, {@code EXPIRED} (not confirmed in time), {@code ADVISORY} (never executed), {@code SUPERSEDED}
 * (a newer plan took over).
 */
public enum PlanApproval {
    NOT_NEEDED,
    PENDING,
    CONFIRMED,
    EXPIRED,
    ADVISORY,
    SUPERSEDED
}
