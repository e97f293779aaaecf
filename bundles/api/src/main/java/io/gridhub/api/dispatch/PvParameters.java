package io.gridhub.api.dispatch;

import java.util.Objects;

/** A PV system; its forecast (W, + generation) is the scenario's forecast under the asset's id. */
public record PvParameters(String assetId, boolean curtailable) implements AssetParameters {
    public PvParameters {
        Objects.requireNonNull(assetId, "assetId");
    }
}
