package io.gridhub.api.registry;

import io.gridhub.api.model.Community;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The communities the hub serves, as loaded from configuration (last good definition kept on bad input). */
@ProviderType
public interface TopologyProvider {
    List<Community> communities();
}
