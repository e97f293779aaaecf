package io.gridhub.allocation.internal.data;

import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.GovernanceException.Reason;
import io.gridhub.api.governance.PolicyKind;
import io.gridhub.api.model.PolicyRef;
import org.osgi.service.component.annotations.Component;

/**
 * Allocation policies for governance: a proposal is read with the same reader as {@code ./gridhub allocate} and
 * settlement ({@link PolicyJson}), so that only a policy that can run can be approved.
 */
@Component(service = PolicyKind.class)
public final class AllocationPolicyKind implements PolicyKind {
    @Override
    public String kind() {
        return PolicyJson.KIND;
    }

    @Override
    public PolicyRef check(String policyJson) throws GovernanceException {
        try {
            return PolicyJson.read("policy", policyJson).ref();
        } catch (InputException e) {
            throw new GovernanceException(Reason.INVALID, e.getMessage());
        }
    }
}
