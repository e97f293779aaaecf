package io.gridhub.api.model;

/** The kinds of asset a site or the community can have. */
public enum AssetKind {
    METER(Direction.IMPORT_POSITIVE),
    PV(Direction.DELIVERY_POSITIVE),
    BATTERY(Direction.DELIVERY_POSITIVE),
    EV_CHARGER(Direction.CONSUMPTION_POSITIVE),
    FLEXIBLE_LOAD(Direction.CONSUMPTION_POSITIVE),
    HEAT_PUMP(Direction.CONSUMPTION_POSITIVE),
    LOAD(Direction.CONSUMPTION_POSITIVE),
    WEATHER_STATION(Direction.NONE);

    private final Direction powerDirection;

    AssetKind(Direction powerDirection) {
        this.powerDirection = powerDirection;
    }

    /** What a positive active power of this kind of asset means. */
    public Direction powerDirection() {
        return powerDirection;
    }
}
