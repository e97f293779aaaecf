package io.gridhub.api.loop;

import io.gridhub.api.dispatch.AssetParameters;
import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the loop learns of flexibility with sessions: EV charging sessions (an OCPP central system) and flexible
 * loads with a window. The loop plans every session a source knows that overlaps the horizon.
 */
@ConsumerType
public interface SessionSource {
    /** {@link io.gridhub.api.dispatch.EvParameters} and {@link io.gridhub.api.dispatch.FlexibleLoadParameters}. */
    List<AssetParameters> sessions(String community, Instant from, Instant to);
}
