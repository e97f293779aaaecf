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
        List<Point> points = new ArrayList<>();
        Direction power = asset.kind().powerDirection();
        switch (asset.kind()) {
            case METER -> {
                points.add(point(
                        communityId,
                        asset,
                        "p",
                        PointKind.MEASUREMENT,
                        Quantity.ACTIVE_POWER,
                        power,
                        "active power at the connection point"));
                points.add(point(
                        communityId,
                        asset,
                        "e_imp",
                        PointKind.ENERGY_COUNTER,
                        Quantity.ACTIVE_ENERGY,
                        Direction.NONE,
                        "imported energy counter"));
                points.add(point(
                        communityId,
                        asset,
                        "e_exp",
                        PointKind.ENERGY_COUNTER,
                        Quantity.ACTIVE_ENERGY,
                        Direction.NONE,
                        "exported energy counter"));
            }
            case PV -> {
                points.add(point(
                        communityId, asset, "p", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, power, "PV generation"));
                points.add(point(
                        communityId,
                        asset,
                        "p_limit",
                        PointKind.SETPOINT,
                        Quantity.ACTIVE_POWER,
                        power,
                        "curtailment limit"));
            }
            case BATTERY -> {
                points.add(point(
                        communityId,
                        asset,
                        "p",
                        PointKind.MEASUREMENT,
                        Quantity.ACTIVE_POWER,
                        power,
                        "battery power, + discharge"));
                points.add(point(
                        communityId,
                        asset,
                        "soc",
                        PointKind.MEASUREMENT,
                        Quantity.STATE_OF_CHARGE,
                        Direction.NONE,
                        "state of charge"));
                points.add(point(
                        communityId,
                        asset,
                        "p_set",
                        PointKind.SETPOINT,
                        Quantity.ACTIVE_POWER,
                        power,
                        "power setpoint, + discharge"));
            }
            case EV_CHARGER, FLEXIBLE_LOAD, HEAT_PUMP -> {
                points.add(point(
                        communityId, asset, "p", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, power, "consumption"));
                points.add(point(
                        communityId,
                        asset,
                        "p_set",
                        PointKind.SETPOINT,
                        Quantity.ACTIVE_POWER,
                        power,
                        "power setpoint"));
            }
            case LOAD ->
                points.add(point(
                        communityId, asset, "p", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, power, "consumption"));
            case WEATHER_STATION -> {
                points.add(point(
                        communityId,
                        asset,
                        "temperature",
                        PointKind.MEASUREMENT,
                        Quantity.TEMPERATURE,
                        Direction.NONE,
                        "air temperature"));
                points.add(point(
                        communityId,
                        asset,
                        "humidity",
                        PointKind.MEASUREMENT,
                        Quantity.RELATIVE_HUMIDITY,
                        Direction.NONE,
                        "relative humidity"));
            }
        }
        return points;
    }

    private static Point point(
            String communityId,
            Asset asset,
            String name,
            PointKind kind,
            Quantity quantity,
            Direction direction,
            String description) {
        return new Point(
                PointId.of(communityId + "." + asset.id() + "." + name),
                asset.id(),
                kind,
                quantity,
                quantity.unit(),
                direction,
                description);
    }
}
