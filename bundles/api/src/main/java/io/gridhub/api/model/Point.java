package io.gridhub.api.model;

import io.gridhub.api.check.Fields;

/**
 * A value the hub knows about: its id, the asset it belongs to, its kind and quantity, the unit its samples
 * are in, and what a positive value means.
 */
public record Point(
        PointId id,
        String assetId,
        PointKind kind,
        Quantity quantity,
        String unit,
        Direction direction,
        String description) {
    public Point {
        Fields.require("id assetId kind quantity", id, assetId, kind, quantity);
        unit = unit == null ? quantity.unit() : unit;
        direction = direction == null ? Direction.NONE : direction;
        description = Fields.orEmpty(description);
    }

    /** A point in the quantity's own unit. */
    public static Point of(PointId id, String assetId, PointKind kind, Quantity quantity, Direction direction) {
        return new Point(id, assetId, kind, quantity, quantity.unit(), direction, "");
    }
}
