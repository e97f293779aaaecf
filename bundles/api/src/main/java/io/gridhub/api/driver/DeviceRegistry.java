package io.gridhub.api.driver;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The devices the driver host runs, for the REST API and the console. */
@ProviderType
public interface DeviceRegistry {
    /** All configured devices, sorted by name. */
    List<DeviceStatus> devices();

    Optional<DeviceStatus> device(String name);
}
