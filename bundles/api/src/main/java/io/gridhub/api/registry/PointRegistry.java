package io.gridhub.api.registry;

import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import java.util.Collection;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Every point the hub knows: from the community definition, drivers and non-device sources. */
@ProviderType
public interface PointRegistry {
    Optional<Point> point(PointId id);

    /** All points, sorted by id. */
    Collection<Point> points();

    /**
     * Adds or replaces a point definition.
     *
     * @throws IllegalArgumentException when another point with the same id has a different quantity
     */
    void register(Point point);

    /**
     * A registry in memory with the hub's rules: points sorted by id, a point id keeps its quantity. Thread-safe.
     * The hub's own registry is one; so is the test kit's.
     */
    static PointRegistry inMemory() {
        return new MemoryPointRegistry();
    }
}
