package io.gridhub.api.dispatch;

import io.gridhub.api.model.Plan;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The plans the hub's loop made, newest last; the REST API shows the latest. */
@ProviderType
public interface PlanStore {
    /** The latest plan for a community, if one was made since the hub started. */
    Optional<Plan> latest(String communityId);

    /** The latest plan of any community. */
    Optional<Plan> latest();
}
