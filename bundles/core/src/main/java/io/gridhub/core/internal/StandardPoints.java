package io.gridhub.core.internal;

import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;

/**
 * The points every asset of a kind has, named {@code <community>.<asset>.<point>}: one naming rule, so that
 * drivers, the store, the REST API and the northbound servers agree without a mapping per asset.
 */
final class StandardPoints {
    private StandardPoints() {}

    static List<Point> of(String communityId, Asset asset) {
        Points p = new Points(communityId, asset);
        switch (asset.kind()) {
            case METER -> {
                p.power("p", PointKind.MEASUREMENT, "active power at the connection point");
                p.other("e_imp", PointKind.ENERGY_COUNTER, Quantity.ACTIVE_ENERGY, "imported energy counter");
                p.other("e_exp", PointKind.ENERGY_COUNTER, Quantity.ACTIVE_ENERGY, "exported energy counter");
            }
            case PV -> {
                p.power("p", PointKind.MEASUREMENT, "PV generation");
                p.power("p_limit", PointKind.SETPOINT, "curtailment limit");
            }
            case BATTERY -> {
                p.power("p", PointKind.MEASUREMENT, "battery power, + discharge");
                p.other("soc", PointKind.MEASUREMENT, Quantity.STATE_OF_CHARGE, "state of charge");
                p.power("p_set", PointKind.SETPOINT, "power setpoint, + discharge");
            }
            case EV_CHARGER, FLEXIBLE_LOAD, HEAT_PUMP -> {
                p.power("p", PointKind.MEASUREMENT, "consumption");
                p.power("p_set", PointKind.SETPOINT, "power setpoint");
            }
            case LOAD -> p.power("p", PointKind.MEASUREMENT, "consumption");
            case WEATHER_STATION -> {
                p.other("temperature", PointKind.MEASUREMENT, Quantity.TEMPERATURE, "air temperature");
                p.other("humidity", PointKind.MEASUREMENT, Quantity.RELATIVE_HUMIDITY, "relative humidity");
            }
        }
        return p.points;
    }

    /** One asset's points as they are added. */
    private static final class Points {
        final List<Point> points = new ArrayList<>();
        private final String prefix;
        private final Asset asset;

        Points(String communityId, Asset asset) {
            this.prefix = communityId + "." + asset.id() + ".";
            this.asset = asset;
        }

        /** Active power in the direction of the asset's kind. */
        void power(String name, PointKind kind, String description) {
            add(name, kind, Quantity.ACTIVE_POWER, asset.kind().powerDirection(), description);
        }

        /** A quantity without a direction. */
        void other(String name, PointKind kind, Quantity quantity, String description) {
            add(name, kind, quantity, Direction.NONE, description);
        }

        private void add(String name, PointKind kind, Quantity quantity, Direction direction, String description) {
            points.add(new Point(
                    PointId.of(prefix + name), asset.id(), kind, quantity, quantity.unit(), direction, description));
        }
    }
}
