package io.gridhub.governance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.strategy.StrategyActivation;
import io.gridhub.api.strategy.StrategyRole;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A governed activation of a strategy version in production ({@link StrategyActivation}): {@code {"id":
 * "strategy-dispatch","version":2,"kind":"strategy-activation","role":"dispatch","strategy":"lp-optimizer",
 * "strategyVersion":"1.1.0"}}. One policy per role ({@code strategy-<role>}); allocation methods run side by side,
 * so an allocation method's version is the policy {@code strategy-allocation-<method>}.
 */
record StrategyActivationPolicy(String id, int version, StrategyActivation activation) {
    static final String KIND = StrategyActivation.KIND;
    private static final Set<String> FIELDS =
            Set.of("id", "version", "kind", "role", "strategy", "strategyVersion", "description");
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final String VERSION = "[0-9]+(\\.[0-9]+){0,3}([-.][A-Za-z0-9]+)*";

    static StrategyActivationPolicy read(JsonNode n) throws InvalidPolicy {
        PolicyFields.known(
                n, KIND, FIELDS, "id, version, kind, role, strategy, strategyVersion and optionally " + "description");
        JsonNode r = n.get("role");
        StrategyRole role = null;
        if (r != null && r.isTextual()) {
            role = Arrays.stream(StrategyRole.values())
                    .filter(x -> x.name().toLowerCase(Locale.ROOT).equals(r.asText()))
                    .findFirst()
                    .orElse(null);
        }
        if (role == null) {
            throw new InvalidPolicy(
                    KIND,
                    "role: one of "
                            + Arrays.stream(StrategyRole.values())
                                    .map(x -> x.name().toLowerCase(Locale.ROOT))
                                    .toList() + " required, got " + r);
        }
        JsonNode s = n.get("strategy");
        if (s == null || !s.isTextual() || !s.asText().matches(NAME)) {
            throw new InvalidPolicy(
                    KIND,
                    "strategy: a strategy name (letters, digits, '.', '_' or '-', up to 64) " + "required, got " + s);
        }
        JsonNode v = n.get("strategyVersion");
        if (v == null || !v.isTextual() || !v.asText().matches(VERSION)) {
            throw new InvalidPolicy(
                    KIND,
                    "strategyVersion: the strategy's version as it reports it (e.g. \"1.1.0\") " + "required, got "
                            + v);
        }
        JsonNode id = n.get("id");
        String roleId = StrategyActivation.policyId(role);
        String methodId = StrategyActivation.allocationPolicyId(s.asText());
        boolean ok = id != null
                && id.isTextual()
                && (id.asText().equals(roleId)
                        || role == StrategyRole.ALLOCATION && id.asText().equals(methodId));
        if (!ok) {
            throw new InvalidPolicy(
                    KIND,
                    "id: the activation of a " + r.asText() + " strategy is the policy '" + roleId
                            + "'"
                            + (role == StrategyRole.ALLOCATION
                                    ? " (the role) or '" + methodId + "' (the method, as " + "settlement uses it)"
                                    : "")
                            + ", got " + id);
        }
        int version = PolicyFields.version(n, KIND);
        PolicyFields.description(n, KIND);
        return new StrategyActivationPolicy(id.asText(), version, new StrategyActivation(role, s.asText(), v.asText()));
    }
}
