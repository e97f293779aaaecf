package io.gridhub.governance.internal;

import static io.gridhub.governance.internal.FileGovernanceTest.ALICE;
import static io.gridhub.governance.internal.FileGovernanceTest.BOB;
import static io.gridhub.governance.internal.FileGovernanceTest.CAROL;
import static io.gridhub.governance.internal.FileGovernanceTest.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.governance.AuditEntry;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.loop.ControlAuthority;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control mode of a community is governed like an allocation policy: proposed, approved by another lead. */
class ControlAuthorityGovernanceTest {
    static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    static String authority(String community, int version, String mode) {
        return "{\"id\":\"" + ControlAuthority.policyId(community) + "\",\"version\":" + version
                + ",\"kind\":\"control-authority\",\"community\":\"" + community + "\",\"mode\":\"" + mode + "\"}";
    }

    private static GovernanceException.Reason reason(Throwable t) {
        return ((GovernanceException) t).reason();
    }

    @Test
    void autonomousTakesEffectOnlyOnceAnotherLeadApprovesAndFromItsDate() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        PolicyProposal p = g.propose(authority("demo", 1, "autonomous"), DEC, ALICE);
        assertThat(p.policyId()).isEqualTo("control-authority-demo");
        assertThat(p.ref()).isEqualTo("control-authority-demo@v1");
        assertThat(g.inForce(ControlAuthority.policyId("demo"), DEC)).isEmpty();

        assertThatThrownBy(() -> g.approve(p.id(), ALICE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.FORBIDDEN));
        g.approve(p.id(), BOB);
        assertThat(g.inForce(ControlAuthority.policyId("demo"), DEC.minusSeconds(1)))
                .isEmpty();
        PolicyProposal inForce =
                g.inForce(ControlAuthority.policyId("demo"), DEC).orElseThrow();
        // What the loop does with it: read the mode from the content.
        assertThat(new ObjectMapper().readTree(inForce.content()).get("mode").asText())
                .isEqualTo("autonomous");

        // Back to supervised is a new version, governed the same way; the proposer cannot approve it.
        PolicyProposal back = g.propose(authority("demo", 2, "supervised"), DEC.plusSeconds(3600), CAROL);
        assertThatThrownBy(() -> g.approve(back.id(), CAROL)).hasMessageContaining("carol proposed");
        g.approve(back.id(), BOB);
        assertThat(g.inForce(ControlAuthority.policyId("demo"), DEC.plusSeconds(3600))
                        .orElseThrow()
                        .version())
                .isEqualTo(2);
        assertThatThrownBy(() -> g.propose(authority("demo", 2, "advisory"), null, ALICE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.CONFLICT));

        // The same audit log, and it survives a restart.
        assertThat(g.audit())
                .extracting(AuditEntry::action)
                .containsExactly(
                        "propose",
                        "denied:approve",
                        "approve",
                        "propose",
                        "denied:approve",
                        "approve",
                        "denied:propose");
        assertThat(g.audit().get(2).subject()).isEqualTo("proposal 1 control-authority-demo@v1");
        assertThat(g.verifyAudit()).isEmpty();
        assertThat(new FileGovernance(dir, CLOCK, new AllocationKindStub()).inForce("control-authority-demo", DEC))
                .contains(inForce);
    }

    @Test
    void malformedControlAuthorityPoliciesAreRefusedWithWhatIsWrong() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        assertThatThrownBy(() -> g.propose(authority("demo", 1, "full-auto"), null, ALICE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.INVALID))
                .hasMessage("policy: control-authority: mode: control mode must be advisory, supervised or "
                        + "autonomous, got 'full-auto'");
        assertThatThrownBy(() -> g.propose(
                        "{\"id\":\"control-authority-other\",\"version\":1,\"kind\":"
                                + "\"control-authority\",\"community\":\"demo\",\"mode\":\"autonomous\"}",
                        null,
                        ALICE))
                .hasMessage("policy: control-authority: id: the control authority of community demo is the policy "
                        + "'control-authority-demo', got \"control-authority-other\"");
        assertThatThrownBy(() -> g.propose(
                        "{\"id\":\"control-authority-demo\",\"version\":1,\"kind\":"
                                + "\"control-authority\",\"mode\":\"autonomous\"}",
                        null,
                        ALICE))
                .hasMessageStartingWith("policy: control-authority: community: a community id");
        assertThatThrownBy(() -> g.propose(
                        "{\"id\":\"control-authority-demo\",\"version\":0,\"kind\":"
                                + "\"control-authority\",\"community\":\"demo\",\"mode\":\"autonomous\"}",
                        null,
                        ALICE))
                .hasMessage("policy: control-authority: version: an integer ≥ 1 required, got 0");
        assertThatThrownBy(() -> g.propose(
                        "{\"id\":\"control-authority-demo\",\"version\":1,\"kind\":"
                                + "\"control-authority\",\"community\":\"demo\",\"mode\":\"autonomous\",\"until\":1}",
                        null,
                        ALICE))
                .hasMessageStartingWith("policy: control-authority: unknown field 'until'");
        assertThatThrownBy(() -> g.propose("{\"id\":\"x\",\"version\":1,\"kind\":\"tariff\"}", null, ALICE))
                .hasMessage("policy: kind: \"allocation\" (the default), \"control-authority\", \"dispatch-policy\" or "
                        + "\"strategy-activation\", got \"tariff\"");
        // Without the kind, a control-authority id is not taken for an allocation policy.
        assertThatThrownBy(() -> g.propose(
                        "{\"id\":\"control-authority-demo\",\"version\":1,\"community\":"
                                + "\"demo\",\"mode\":\"autonomous\"}",
                        null,
                        ALICE))
                .hasMessageContaining("add \"kind\": \"control-authority\"");
        assertThatThrownBy(() -> g.propose(
                        "{\"id\":\"control-authority-demo\",\"version\":1,\"kind\":" + "\"allocation\"}", null, ALICE))
                .hasMessageContaining("reserved for control-authority policies");
        assertThat(g.proposals()).isEmpty();
        assertThat(g.audit()).extracting(AuditEntry::action).containsOnly("denied:propose");
    }
}
