package io.gridhub.api.dispatch;

import io.gridhub.api.check.Fields;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dispatcher plans for: the community (topology; feeder limits and transformer ratings are its grid limits),
 * the horizon ({@code steps} steps of {@code step} from {@code start}), forecasts keyed by asset id (W: loads
 * + consumption, PV + generation), import and export prices (EUR/kWh, one value per step from {@code start}),
 * the parameters of controllable assets, the feeder each shared asset hangs off (absent: at the community's
 * connection), and the policy (connection limits, peak charge, time limit).
 */
public record Scenario(
        String id,
        Community community,
        Instant start,
        Duration step,
        int steps,
        Map<String, TimeSeries> forecasts,
        TimeSeries importPrice,
        TimeSeries exportPrice,
        List<AssetParameters> parameters,
        Map<String, String> sharedAssetFeeders,
        DispatchPolicy policy) {
    public Scenario {
        Fields.require("id community start step", id, community, start, step);
        forecasts = Fields.copyOf(forecasts);
        parameters = Fields.copyOf(parameters);
        sharedAssetFeeders = Fields.copyOf(sharedAssetFeeders);
        policy = policy == null ? DispatchPolicy.DEFAULT : policy;
        if (steps <= 0) {
            throw new IllegalArgumentException("scenario " + id + ": steps must be positive");
        }
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("scenario " + id + ": step must be positive");
        }
        Map<String, AssetParameters> seen = new HashMap<>();
        for (AssetParameters p : parameters) {
            if (seen.put(p.assetId(), p) != null) {
                throw new IllegalArgumentException(
                        "scenario " + id + ": asset " + p.assetId() + " has parameters twice");
            }
        }
    }

    /** The step length in hours (0.25 for 15 minutes). */
    public double stepHours() {
        return step.toMillis() / 3_600_000.0;
    }

    /** The start of step {@code i}. */
    public Instant timeAt(int i) {
        return start.plus(step.multipliedBy(i));
    }

    /** The end of the horizon. */
    public Instant end() {
        return timeAt(steps);
    }
}
