package io.gridhub.api.anomaly;

/** What kind of anomaly a finding is: telemetry kinds first, then the settlement checks. */
public enum AnomalyKind {
    /** A value that does not change for longer than its series plausibly allows. */
    STUCK,
    /** A single value far from its neighbours. */
    SPIKE,
    /** Expected samples that did not arrive. */
    GAP,
    /** A value outside the physical range of its point. */
    OUT_OF_RANGE,
    /** A series whose sign flipped, e.g. a reversed current transformer. */
    SIGN_FLIP,
    /** Source time drifting against arrival time. */
    CLOCK_DRIFT,
    /** The sum of member meters against the feeder or substation measurement, beyond losses. */
    ENERGY_IMBALANCE,
    /** A battery's state of charge that its integrated power does not explain. */
    SOC_INCONSISTENT,
    /** PV producing at night. */
    PV_AT_NIGHT,
    /** PV far below its clear-sky expectation on a clear day. */
    PV_UNDERPERFORMING,
    /** What a learned detector (forecast residuals or an isolation forest) finds unusual. */
    LEARNED,
    /** Member shares that do not add up to the totals. */
    SHARES_MISMATCH,
    /** A negative or out-of-policy allocation. */
    ALLOCATION_OUT_OF_POLICY,
    /** A statement that changed between versions beyond a threshold. */
    STATEMENT_CHANGE,
    /** A member whose profile changed abruptly (tampering, a new occupant). */
    PROFILE_CHANGE
}
