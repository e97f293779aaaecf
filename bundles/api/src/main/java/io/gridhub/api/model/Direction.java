package io.gridhub.api.model;

/**
 * What a positive value of a directional quantity means. One rule for the whole hub, written once in
 * docs/data-model.md: at a grid connection + is import; for a producing or storing asset + is power it
 * delivers (PV generation, battery discharge); for a consuming asset + is consumption.
 */
public enum Direction {
    /** Grid connection point: + = import from the grid, − = export. */
    IMPORT_POSITIVE,
    /** Producing or storing asset: + = delivered to the site (generation, discharge), − = charging. */
    DELIVERY_POSITIVE,
    /** Consuming asset: + = consumption. */
    CONSUMPTION_POSITIVE,
    /** Not a power flow (voltage, temperature, state of charge, status, price). */
    NONE
}
