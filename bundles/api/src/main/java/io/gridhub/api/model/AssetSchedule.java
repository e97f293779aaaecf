package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.util.Arrays;
import java.util.Objects;

/**
 * The setpoints a plan gives one asset, one per plan step, in W with the asset's sign convention
 * (battery: + discharge, − charge). {@code reason} is one sentence a person can read.
 */
public record AssetSchedule(String assetId, PointId setpoint, double[] setpointsW, String reason) {
    public AssetSchedule {
        Fields.require("assetId setpointsW", assetId, setpointsW);
        setpointsW = setpointsW.clone();
        reason = Fields.orEmpty(reason);
    }

    @Override
    public double[] setpointsW() {
        return setpointsW.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssetSchedule s
                && assetId.equals(s.assetId)
                && Objects.equals(setpoint, s.setpoint)
                && Arrays.equals(setpointsW, s.setpointsW)
                && reason.equals(s.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assetId, setpoint, Arrays.hashCode(setpointsW), reason);
    }

    @Override
    public String toString() {
        return "AssetSchedule[" + assetId + ", " + setpointsW.length + " steps, " + reason + "]";
    }
}
