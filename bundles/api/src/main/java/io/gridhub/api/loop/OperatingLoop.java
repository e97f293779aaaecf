package io.gridhub.api.loop;

import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Plan;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The operating loop as the REST API and the console see it. */
@ProviderType
public interface OperatingLoop {
    /** The communities the loop runs. */
    List<String> communities();

    /** The last run of every stage of a community, in stage order (stages that never ran are left out). */
    List<StageRun> stages(String community);

    /** The control mode in force for a community. */
    ControlAuthority authority(String community);

    /** A recent plan by id. */
    Optional<Plan> plan(String planId);

    /** Where a recent plan stands. */
    Optional<PlanStatus> status(String planId);

    /** Confirms a supervised plan so that it is executed; the operator's name is audited. */
    PlanStatus confirm(String planId, String operator) throws LoopException;

    /** Planned against measured for a recent plan, up to now. */
    Optional<PlanPerformance> performance(String planId);

    /**
     * The scenario of a community's last Optimize (topology with measured headroom, batteries from their measured
     * state of charge, forecasts, prices, limits): what what-if drills run on. It is the scenario before the governed
     * battery reserve narrows the batteries' range (a drill asks what the whole store does in an outage). Empty until
     * the loop has planned the community. A default (empty) so that implementations written against 0.2 still
     * compile and run.
     *
     * @since 0.3
     */
    default Optional<Scenario> scenario(String community) {
        return Optional.empty();
    }
}
