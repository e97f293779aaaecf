package io.gridhub.api.model;

/**
 * What a point measures, with the one unit the hub stores it in. Power in W, energy in Wh (not kW, kWh):
 * drivers and normalization convert to these before a sample enters the bus (see docs/data-model.md).
 */
public enum Quantity {
    ACTIVE_POWER("W"),
    REACTIVE_POWER("var"),
    APPARENT_POWER("VA"),
    ACTIVE_ENERGY("Wh"),
    REACTIVE_ENERGY("varh"),
    VOLTAGE("V"),
    CURRENT("A"),
    FREQUENCY("Hz"),
    POWER_FACTOR("1"),
    STATE_OF_CHARGE("%"),
    TEMPERATURE("Cel"),
    RELATIVE_HUMIDITY("%"),
    IRRADIANCE("W/m2"),
    WIND_SPEED("m/s"),
    PRICE("EUR/kWh"),
    STATUS("1"),
    DIMENSIONLESS("1");

    private final String unit;

    Quantity(String unit) {
        this.unit = unit;
    }

    /** The unit symbol (UCUM case-sensitive form) samples of this quantity carry. */
    public String unit() {
        return unit;
    }
}
