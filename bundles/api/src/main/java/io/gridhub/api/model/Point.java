package io.gridhub.api.model;

import java.util.Objects;

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
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(quantity, "quantity");
        unit = unit == null ? quantity.unit() : unit;
        direction = direction == null ? Direction.NONE : direction;
        description = description == null ? "" : description;
    }

    /** A point in the quantity's own unit. */
    public static Point of(PointId id, String assetId, PointKind kind, Quantity quantity, Direction direction) {
        return new Point(id, assetId, kind, quantity, quantity.unit(), direction, "");
    }
}
