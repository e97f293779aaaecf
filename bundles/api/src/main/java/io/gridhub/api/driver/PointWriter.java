package io.gridhub.api.driver;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes a setpoint to the device its point is mapped on (the driver host undoes scale and offset). Northbound
 * servers use it for writes from an existing SCADA.
 */
@ProviderType
public interface PointWriter {
    /**
     * @return completes with GOOD when the device accepted the value, otherwise why not (an unmapped point is
     *         INVALID with CONFIGURATION_ERROR)
     */
    CompletableFuture<Quality> write(PointId point, double value);

    /** Whether a device maps the point, so that a write can reach it (no I/O: the host's map only). */
    default boolean writable(PointId point) {
        return true;
    }
}
