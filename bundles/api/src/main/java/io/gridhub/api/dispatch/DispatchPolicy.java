package io.gridhub.api.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * What the community's contract and operator set: limits of the community's grid connection (W, positive
 * infinity when none), a peak-demand charge in EUR per kW of the highest community import over the horizon
 * (0 when none), and how long the solver may take.
 */
public record DispatchPolicy(
        double connectionImportLimitW, double connectionExportLimitW, double peakChargeEurPerKw, Duration timeLimit) {
    public static final DispatchPolicy DEFAULT =
            new DispatchPolicy(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, Duration.ofSeconds(60));

    public DispatchPolicy {
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (!(connectionImportLimitW >= 0) || !(connectionExportLimitW >= 0) || !(peakChargeEurPerKw >= 0)) {
            throw new IllegalArgumentException("dispatch policy: limits and peak charge must be ≥ 0");
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("dispatch policy: time limit must be positive");
        }
    }
}
