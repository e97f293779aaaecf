package io.gridhub.testkit;

import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.registry.PointRegistry;
import java.util.Collection;
import java.util.Optional;

/** The point registry in memory, with the hub's rule that a point id keeps its quantity. Thread-safe. */
public class FakeRegistry implements PointRegistry {
    private final PointRegistry points = PointRegistry.inMemory();

    @Override
    public Optional<Point> point(PointId id) {
        return points.point(id);
    }

    @Override
    public Collection<Point> points() {
        return points.points();
    }

    @Override
    public void register(Point point) {
        points.register(point);
    }
}
