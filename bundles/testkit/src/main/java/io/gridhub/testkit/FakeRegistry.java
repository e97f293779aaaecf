package io.gridhub.testkit;

import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.registry.PointRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The point registry in memory, with the hub's rule that a point id keeps its quantity. Thread-safe. */
public class FakeRegistry implements PointRegistry {
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
                throw new IllegalArgumentException(
                        "point " + id + " is " + old.quantity() + ", cannot become " + point.quantity());
            }
            return point;
        });
    }
}
