package io.gridhub.allocation.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.AuditEntry;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.governance.internal.FileGovernance;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allocation policies proposed to the real governance are read as {@code ./gridhub allocate} reads them. */
class AllocationPolicyKindTest {
    static final Actor ALICE = new Actor("alice", Set.of("operator"));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC);
    static final Instant JAN = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void malformedPoliciesAreRefusedWithTheLine() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationPolicyKind());
        assertThatThrownBy(
                        () -> g.propose("{\"id\": \"x\", \"version\": 1,\n\"staticShares\": {\"A\": 1.2}}", JAN, ALICE))
                .satisfies(e ->
                        assertThat(((GovernanceException) e).reason()).isEqualTo(GovernanceException.Reason.INVALID))
                .hasMessageStartingWith("policy:2: staticShares");
        assertThat(g.proposals()).isEmpty();
        assertThat(g.audit()).extracting(AuditEntry::action).containsExactly("denied:propose");
    }

    @Test
    void allocationPoliciesMayNameTheirKindAndAreReadAsBefore() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationPolicyKind());
        PolicyProposal p = g.propose(
                "{\"id\":\"demo-static\",\"version\":1,\"kind\":\"allocation\"," + "\"staticShares\":{\"A\":0.5}}",
                null,
                ALICE);
        assertThat(p.policyId()).isEqualTo("demo-static");
        assertThatThrownBy(() -> g.propose(
                        "{\"id\":\"demo-static\",\"version\":2,\"kind\":\"allocation\","
                                + "\n\"staticShares\":{\"A\":1.5}}",
                        null,
                        ALICE))
                .hasMessageStartingWith("policy:2: staticShares");
        assertThatThrownBy(() -> g.propose(
                        "{\"id\":\"control-authority-demo\",\"version\":1,\"kind\":" + "\"allocation\"}", null, ALICE))
                .hasMessageContaining("reserved for control-authority policies");
    }

    @Test
    void sameContentIgnoresLayoutButNotValues() {
        assertThat(PolicyJson.sameContent("{\"a\":1,\"b\":[1,2]}", "{ \"b\": [1, 2],\n \"a\": 1 }"))
                .isTrue();
        assertThat(PolicyJson.sameContent("{\"a\":1}", "{\"a\":2}")).isFalse();
        assertThat(PolicyJson.sameContent("{\"a\":1}", "not json")).isFalse();
    }
}
