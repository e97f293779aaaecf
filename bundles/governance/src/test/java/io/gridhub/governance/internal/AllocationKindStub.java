package io.gridhub.governance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.GovernanceException.Reason;
import io.gridhub.api.governance.PolicyKind;
import io.gridhub.api.model.PolicyRef;
import java.io.IOException;

/**
 * Allocation policies as governance sees them: an id and a version. The allocation bundle reads the rest (its
 * AllocationPolicyKindTest runs the real reader through this governance).
 */
final class AllocationKindStub implements PolicyKind {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String kind() {
        return ALLOCATION;
    }

    @Override
    public PolicyRef check(String policyJson) throws GovernanceException {
        try {
            JsonNode n = JSON.readTree(policyJson);
            if (n != null && n.path("id").isTextual() && n.path("version").canConvertToInt()) {
                return new PolicyRef(n.get("id").asText(), n.get("version").asInt());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new GovernanceException(Reason.INVALID, "policy: " + e.getMessage());
        }
        throw new GovernanceException(Reason.INVALID, "policy: an id and a version required");
    }
}
