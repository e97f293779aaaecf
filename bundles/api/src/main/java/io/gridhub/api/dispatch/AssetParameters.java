package io.gridhub.api.dispatch;

/**
 * What a dispatcher may do with one asset beyond its ratings in the topology: one record per controllable asset,
 * keyed by the asset's id. Powers in W, energies in Wh, prices in EUR/kWh, state of charge as a fraction 0–1.
 */
public sealed interface AssetParameters permits BatteryParameters, PvParameters, FlexibleLoadParameters, EvParameters {
    String assetId();
}
