package io.gridhub.api.allocation;

import io.gridhub.api.check.Fields;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.PolicyRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of one governed allocation policy version: which key or fairness method, and its parameters. Empty
 * collections mean "not used"; the strategies say which parameters they read (docs/allocation.md).
 *
 * @param ref                 the policy id and version every allocation line points back to
 * @param communityId         the community the policy belongs to (participation factors are looked up for it)
 * @param method              the key or method the policy prescribes, e.g. {@code static}, {@code dynamic}
 * @param resolutionMinutes   the settlement interval (15 or 60); 0 means "as metered"
 * @param members             the members the policy knows; empty means "whoever appears in the meter data"
 * @param staticShares        fixed shares of generation per member, each in [0, 1], summing to ≤ 1
 * @param priorityGroups      groups served in order; within a group in proportion to consumption
 * @param participations      per member its participations (ElWOG §16e: ≤ 5, factors summing to ≤ 1)
 * @param memberTypes         per member its type; members not listed are households (non-business)
 * @param nonBusinessMinShare Italy (CACER): the share of the incentive reserved for non-business members
 * @param incentiveEurPerKWh  Italy (CACER): the incentive tariff on shared energy, EUR/kWh
 * @param cacerShareThreshold Italy (CACER): shared energy as a share of generation above which the premium goes
 *                            to non-business members only (0.55, or 0.45 with a PNRR capital grant); 0 = not used
 */
public record AllocationPolicy(
        PolicyRef ref,
        String communityId,
        String method,
        int resolutionMinutes,
        Set<String> members,
        Map<String, Double> staticShares,
        List<List<String>> priorityGroups,
        Map<String, List<Participation>> participations,
        Map<String, MemberType> memberTypes,
        double nonBusinessMinShare,
        double incentiveEurPerKWh,
        double cacerShareThreshold) {
    public AllocationPolicy {
        Objects.requireNonNull(ref, "ref");
        communityId = Fields.orEmpty(communityId);
        method = Fields.orEmpty(method);
        if (resolutionMinutes < 0) {
            throw new IllegalArgumentException("policy " + ref + ": resolutionMinutes must be ≥ 0");
        }
        members = Fields.copyOf(members);
        staticShares = Fields.copyOf(staticShares);
        priorityGroups = (priorityGroups == null ? List.<List<String>>of() : priorityGroups)
                .stream().map(List::copyOf).toList();
        participations = Fields.copyOf(participations);
        memberTypes = Fields.copyOf(memberTypes);
        if (!(nonBusinessMinShare >= 0 && nonBusinessMinShare <= 1)) {
            throw new IllegalArgumentException("policy " + ref + ": nonBusinessMinShare must be in [0, 1]");
        }
        if (!(cacerShareThreshold >= 0 && cacerShareThreshold <= 1)) {
            throw new IllegalArgumentException("policy " + ref + ": cacerShareThreshold must be in [0, 1]");
        }
    }

    /** A policy with no parameters: what a request without a policy file runs under. */
    public static AllocationPolicy defaults(PolicyRef ref) {
        return new AllocationPolicy(ref, "", "", 0, Set.of(), Map.of(), List.of(), Map.of(), Map.of(), 0, 0, 0);
    }

    /** The member's participation factor in this policy's community: 1 when none is declared. */
    public double factorOf(String memberId) {
        List<Participation> ps = participations.get(memberId);
        return ps == null || ps.isEmpty() ? 1.0 : Participation.factorIn(ps, communityId);
    }

    /** Whether the member is not a business (Italy's CACER reserves part of the incentive for these). */
    public boolean nonBusiness(String memberId) {
        return memberTypes.getOrDefault(memberId, MemberType.HOUSEHOLD) != MemberType.BUSINESS;
    }
}
