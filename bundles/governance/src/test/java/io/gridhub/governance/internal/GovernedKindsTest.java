package io.gridhub.governance.internal;

import static io.gridhub.governance.internal.FileGovernanceTest.ALICE;
import static io.gridhub.governance.internal.FileGovernanceTest.BOB;
import static io.gridhub.governance.internal.FileGovernanceTest.CLOCK;
import static io.gridhub.governance.internal.FileGovernanceTest.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.governance.GovernanceException.Reason;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.strategy.StrategyActivation;
import io.gridhub.api.strategy.StrategyRole;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatch policy of a community and the activation of strategy versions are governed policies. */
class GovernedKindsTest {
    static final String DISPATCH = "{\"id\":\"dispatch-policy-demo\",\"version\":1,\"kind\":\"dispatch-policy\","
            + "\"community\":\"demo\",\"connectionImportLimitW\":200000,\"connectionExportLimitW\":150000,"
            + "\"peakChargeEurPerKW\":0.27,\"timeLimitSeconds\":20}";
    static final String ACTIVATION = "{\"id\":\"strategy-dispatch\",\"version\":1,\"kind\":\"strategy-activation\","
            + "\"role\":\"dispatch\",\"strategy\":\"lp-optimizer\",\"strategyVersion\":\"1.1.0\"}";

    @TempDir
    Path dir;

    @Test
    void aDispatchPolicyIsProposedCheckedAndApproved() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        PolicyProposal p = g.propose(DISPATCH, null, ALICE);
        assertThat(p.ref()).isEqualTo("dispatch-policy-demo@v1");
        g.approve(p.id(), BOB);
        assertThat(g.inForce("dispatch-policy-demo", CLOCK.instant())).isPresent();
        assertThat(g.propose(
                                "{\"id\":\"dispatch-policy-demo\",\"version\":2,\"kind\":\"dispatch-policy\","
                                        + "\"community\":\"demo\"}",
                                null,
                                ALICE)
                        .version())
                .isEqualTo(2); // no limits, no peak charge

        assertThatThrownBy(() -> g.propose(
                        DISPATCH.replace("200000", "-1").replace("\"version\":1", "\"version\":3"), null, ALICE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.INVALID))
                .hasMessage("policy: dispatch-policy: connectionImportLimitW: a number ≥ 0 (W) required, got -1");
        assertThatThrownBy(() -> g.propose(DISPATCH.replace(":20}", ":0}"), null, ALICE))
                .hasMessage("policy: dispatch-policy: timeLimitSeconds: whole seconds from 1 to 3600 required, got 0");
        assertThatThrownBy(() -> g.propose(DISPATCH.replace("0.27", "\"high\""), null, ALICE))
                .hasMessage("policy: dispatch-policy: peakChargeEurPerKW: a number ≥ 0 (EUR/kW) required, got "
                        + "\"high\"");
        assertThatThrownBy(() -> g.propose(
                        DISPATCH.replace("\"id\":\"dispatch-policy-demo\"", "\"id\":\"dispatch-policy-x\""),
                        null,
                        ALICE))
                .hasMessage("policy: dispatch-policy: id: the dispatch policy of community demo is the policy "
                        + "'dispatch-policy-demo', got \"dispatch-policy-x\"");
        // The battery reserve a drill recommends (docs/drills.md) is a field of the policy.
        assertThat(g.propose(
                                "{\"id\":\"dispatch-policy-demo\",\"version\":4,\"kind\":\"dispatch-policy\","
                                        + "\"community\":\"demo\",\"batteryReserveWh\":45000}",
                                null,
                                ALICE)
                        .version())
                .isEqualTo(4);
        assertThatThrownBy(() -> g.propose(
                        DISPATCH.replace(":20}", ":20,\"batteryReserveWh\":-5}")
                                .replace("\"version\":1", "\"version\":5"),
                        null,
                        ALICE))
                .hasMessage("policy: dispatch-policy: batteryReserveWh: a number ≥ 0 (Wh) required, got -5");
        assertThatThrownBy(() -> g.propose(DISPATCH.replace("timeLimitSeconds", "timeLimit"), null, ALICE))
                .hasMessageStartingWith("policy: dispatch-policy: unknown field 'timeLimit'");
        // Without the kind, the id is not taken for an allocation policy.
        assertThatThrownBy(() -> g.propose("{\"id\":\"dispatch-policy-demo\",\"version\":9}", null, ALICE))
                .hasMessageContaining("add \"kind\": \"dispatch-policy\"");
    }

    @Test
    void aStrategyActivationNamesARoleAStrategyAndItsVersion() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        PolicyProposal p = g.propose(ACTIVATION, null, ALICE);
        assertThat(p.policyId()).isEqualTo(StrategyActivation.policyId(StrategyRole.DISPATCH));
        g.approve(p.id(), BOB);
        assertThat(g.inForce("strategy-dispatch", CLOCK.instant()).orElseThrow().content())
                .isEqualTo(ACTIVATION);
        // An allocation method has its own policy, as several methods run side by side.
        assertThat(g.propose(
                                "{\"id\":\"strategy-allocation-static\",\"version\":1,"
                                        + "\"kind\":\"strategy-activation\",\"role\":\"allocation\","
                                        + "\"strategy\":\"static\",\"strategyVersion\":\"1.1.0\"}",
                                null,
                                ALICE)
                        .policyId())
                .isEqualTo(StrategyActivation.allocationPolicyId("static"));

        String v2 = ACTIVATION.replace("\"version\":1", "\"version\":2");
        assertThatThrownBy(() -> g.propose(v2.replace("\"role\":\"dispatch\"", "\"role\":\"planning\""), null, ALICE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.INVALID))
                .hasMessage("policy: strategy-activation: role: one of [forecast, dispatch, allocation, anomaly, test] "
                        + "required, got \"planning\"");
        assertThatThrownBy(() -> g.propose(v2.replace("\"role\":\"dispatch\"", "\"role\":\"forecast\""), null, ALICE))
                .hasMessage("policy: strategy-activation: id: the activation of a forecast strategy is the "
                        + "policy 'strategy-forecast', got \"strategy-dispatch\"");
        assertThatThrownBy(() -> g.propose(v2.replace("\"1.1.0\"", "\"latest\""), null, ALICE))
                .hasMessageStartingWith("policy: strategy-activation: strategyVersion: the strategy's version");
        assertThatThrownBy(() -> g.propose(v2.replace("\"strategy\":\"lp-optimizer\",", ""), null, ALICE))
                .hasMessageStartingWith("policy: strategy-activation: strategy: a strategy name");
        assertThatThrownBy(() ->
                        g.propose("{\"id\":\"strategy-dispatch\",\"version\":5,\"kind\":\"allocation\"}", null, ALICE))
                .hasMessageContaining("reserved for strategy-activation policies");
    }
}
