package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.time.Duration;
import java.time.Instant;

/** Metered energy of one member in one interval, in Wh, both ≥ 0 (consumption from, generation into the grid). */
public record MeterInterval(
        Instant start, Duration length, String memberId, double consumptionWh, double generationWh) {
    public MeterInterval {
        Fields.require("start length memberId", start, length, memberId);
        if (consumptionWh < 0
                || generationWh < 0
                || !Double.isFinite(consumptionWh)
                || !Double.isFinite(generationWh)) {
            throw new IllegalArgumentException(
                    "meter interval of " + memberId + " at " + start + ": energies must be finite and ≥ 0");
        }
    }
}
