package io.gridhub.api.registry;

import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The registry of {@link PointRegistry#inMemory()}: every point, sorted by id; a point id keeps its quantity. */
final class MemoryPointRegistry implements PointRegistry {
    private final ConcurrentSkipListMap<PointId, Point> points = new ConcurrentSkipListMap<>();

    @Override
    public Optional<Point> point(PointId id) {
        return Optional.ofNullable(points.get(id));
    }

    @Override
    public Collection<Point> points() {
        return List.copyOf(points.values());
    }

    @Override
    public void register(Point point) {
        points.compute(point.id(), (id, old) -> {
            if (old != null && old.quantity() != point.quantity()) {
                throw new IllegalArgumentException("point " + id + " is already registered as " + old.quantity()
                        + ", cannot become " + point.quantity());
            }
            return point;
        });
    }
}
