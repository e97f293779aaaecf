package io.gridhub.api.drill;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs what-if drills on a community's live state (the operating loop's current scenario: topology, batteries' state
 * of charge, forecasts with their quantiles, limits, prices) and keeps the recent reports in memory.
 */
@ProviderType
public interface DrillService {
    /**
     * Runs a drill (JSON per docs/drill-scenario.schema.json, without {@code scenario}) on the live scenario of
     * {@code community} (null: the loop's only community) for {@code requestedBy}, within the service's bounds on
     * samples and time. Blocks until the report is made.
     */
    DrillRun run(String community, String drillJson, String requestedBy) throws DrillException;

    /** A recent run by id. */
    Optional<DrillRun> find(String id);

    /** The recent runs, newest first. */
    List<DrillRun> recent();
}
