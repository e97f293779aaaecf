package io.gridhub.core.internal;

import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.registry.PointRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.osgi.service.component.annotations.Component;

/** Every point the hub knows, sorted by id. */
@Component(service = PointRegistry.class)
public final class PointRegistryImpl implements PointRegistry {
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
