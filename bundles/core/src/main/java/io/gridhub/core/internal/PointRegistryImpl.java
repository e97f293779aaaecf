package io.gridhub.core.internal;

import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.registry.PointRegistry;
import java.util.Collection;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/** Every point the hub knows, sorted by id: the API's in-memory registry as the hub's service. */
@Component(service = PointRegistry.class)
public final class PointRegistryImpl implements PointRegistry {
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
