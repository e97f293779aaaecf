package io.gridhub.api.bus;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The latest sample of every point seen on the bus (by source time: a late, older sample does not win). */
@ProviderType
public interface LatestValues {
    Optional<Sample> latest(PointId point);

    /** A consistent copy of all latest values. */
    Map<PointId, Sample> snapshot();
}
