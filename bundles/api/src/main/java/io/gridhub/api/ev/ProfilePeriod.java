package io.gridhub.api.ev;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * One period of a charging profile: from {@code start} until the next period's start (the last one holds until a
 * new profile replaces it), charge at most {@code limitW}. A negative limit asks for discharge (V2G) and is accepted
 * only for a charge point that can discharge.
 */
public record ProfilePeriod(Instant start, double limitW) {
    public ProfilePeriod {
        Fields.require("start", start);
        if (!Double.isFinite(limitW)) {
            throw new IllegalArgumentException("a profile period needs a finite limit, got " + limitW);
        }
    }
}
