package io.gridhub.api.forecast;

/**
 * What is forecast. A strategy may pick a feature set per kind (e.g. solar geometry for PV); {@link #OTHER}
 * means only the series itself is known.
 */
public enum ForecastKind {
    LOAD,
    PV,
    PRICE,
    OTHER
}
