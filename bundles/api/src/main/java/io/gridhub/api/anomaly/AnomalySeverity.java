package io.gridhub.api.anomaly;

/** How much an anomaly matters: {@code HIGH} ones are alerts (the live stream and the community's webhook). */
public enum AnomalySeverity {
    LOW,
    MEDIUM,
    HIGH
}
