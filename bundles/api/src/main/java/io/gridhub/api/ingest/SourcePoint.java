package io.gridhub.api.ingest;

import io.gridhub.api.model.PointId;
import java.util.Objects;

/**
 * How one address of a source becomes a point when no mapping file describes the source: the driver host declares
 * its device's point map this way, so a device works without a mapping file. {@code value = raw × scale + offset}
 * in {@code unit} (empty: already in the point's unit), converted to the point's unit.
 */
public record SourcePoint(String address, PointId point, double scale, double offset, String unit) {
    public SourcePoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(point, "point");
        unit = unit == null ? "" : unit.trim();
        if (scale == 0 || !Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("point " + point + ": scale must be finite and non-zero, offset finite");
        }
    }
}
