package io.gridhub.api.strategy;

import io.gridhub.api.check.Fields;
import java.util.Locale;

/**
 * A governed activation of a strategy version in production: the content of an approved policy of kind
 * {@value #KIND}, e.g. {@code {"id":"strategy-dispatch","version":3,"kind":"strategy-activation","role":"dispatch",
 * "strategy":"lp-optimizer","strategyVersion":"1.1.0"}}. The registry activates exactly that name and version once
 * it is approved and deployed. Allocation methods run side by side, so each method has its own policy
 * ({@link #allocationPolicyId(String)}), read by the settlement service.
 */
public record StrategyActivation(StrategyRole role, String strategy, String strategyVersion) {
    /** The policy kind. */
    public static final String KIND = "strategy-activation";
    /** The prefix of every strategy-activation policy id. */
    public static final String PREFIX = "strategy-";

    public StrategyActivation {
        Fields.require("role strategy strategyVersion", role, strategy, strategyVersion);
    }

    /** The governed policy that holds the active strategy of a role, e.g. {@code strategy-dispatch}. */
    public static String policyId(StrategyRole role) {
        return PREFIX + role.name().toLowerCase(Locale.ROOT);
    }

    /** The governed policy that holds the version of one allocation method, e.g. {@code strategy-allocation-static}. */
    public static String allocationPolicyId(String method) {
        return policyId(StrategyRole.ALLOCATION) + "-" + method;
    }
}
