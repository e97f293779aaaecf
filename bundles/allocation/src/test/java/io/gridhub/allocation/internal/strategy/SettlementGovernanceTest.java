package io.gridhub.allocation.internal.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.allocation.internal.data.AllocationPolicyKind;
import io.gridhub.allocation.internal.run.Method;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.settlement.InvalidInputException;
import io.gridhub.api.settlement.SettlementInput;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.governance.internal.FileGovernance;
import io.gridhub.testkit.FakeLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only approved policy versions, unchanged and in force at the period's start, run in the hub. */
class SettlementGovernanceTest {
    private static final Actor ALICE = new Actor("alice", Set.of("operator"));
    private static final Actor BOB = new Actor("bob", Set.of(Actor.GOVERNANCE_LEAD));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC);
    private static final String JUNE = "timestamp,member,consumption_kWh,generation_kWh\n"
            + "2024-06-01T10:00:00Z,A,2,0\n2024-06-01T10:00:00Z,B,2,0\n2024-06-01T10:00:00Z,P,0,2\n";
    private static final String AUGUST = JUNE.replace("2024-06-01", "2024-08-01");

    @TempDir
    Path dir;

    private FileGovernance governance;
    private SettlementServiceImpl service;

    @BeforeEach
    void setUp() throws Exception {
        governance = new FileGovernance(dir, CLOCK, new AllocationPolicyKind());
        service = SettlementServiceImpl.on(new FakeLedger(CLOCK), governance, CLOCK);
        service.addAllocator(new MethodAllocator(Method.STATIC));
    }

    private static String policy(int version, double a) {
        return "{\"id\": \"demo-static\", \"version\": " + version + ", \"method\": \"static\", "
                + "\"members\": [\"A\", \"B\", \"P\"], \"staticShares\": {\"A\": " + a + ", \"B\": " + (1 - a) + "}}";
    }

    private static SettlementInput inline(String meters, String policy) {
        return new SettlementInput(
                "demo", "static", "meters", meters, "policy", policy, 0.3, 0.1, null, null, null, null);
    }

    private static SettlementInput byId(String meters) {
        return new SettlementInput(
                "demo", "static", "meters", meters, null, null, 0.3, 0.1, null, null, "demo-static", null);
    }

    @Test
    void anInlinePolicyRunsOnlyWhenApprovedUnchangedAndInForce() throws Exception {
        assertThatThrownBy(() -> service.settle(inline(JUNE, policy(1, 0.5))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("policy: policy demo-static@v1 is not approved (it was never proposed)");
        long id = governance
                .propose(policy(1, 0.5), Instant.parse("2024-01-01T00:00:00Z"), ALICE)
                .id();
        assertThatThrownBy(() -> service.settle(inline(JUNE, policy(1, 0.5))))
                .hasMessageContaining("is not approved (proposal 1 is proposed)");
        governance.approve(id, BOB);

        SettlementRun run = service.settle(inline(JUNE, policy(1, 0.5)));
        assertThat(run.lines()).extracting(l -> l.policy().toString()).containsOnly("demo-static@v1");
        assertThat(run.lines())
                .filteredOn(l -> l.memberId().equals("A"))
                .extracting(AllocationLine::allocatedWh)
                .containsExactly(1000.0);
        assertThat(run.notes()).anySatisfy(n -> assertThat(n).startsWith("policy demo-static@v1 approved by bob"));

        // Same id and version, other shares: refused.
        assertThatThrownBy(() -> service.settle(inline(JUNE, policy(1, 0.9))))
                .hasMessage("policy: differs from the approved demo-static@v1 (proposal 1): a change is a new "
                        + "version to propose");
    }

    @Test
    void aPolicyByIdRunsTheVersionInForceAtThePeriodStart() throws Exception {
        assertThatThrownBy(() -> service.settle(byId(JUNE)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("policy demo-static has no approved version");
        governance.approve(
                governance
                        .propose(policy(1, 0.5), Instant.parse("2024-01-01T00:00:00Z"), ALICE)
                        .id(),
                BOB);
        governance.approve(
                governance
                        .propose(policy(2, 0.75), Instant.parse("2024-07-01T00:00:00Z"), ALICE)
                        .id(),
                BOB);
        governance.propose(policy(3, 1.0), Instant.parse("2024-07-01T00:00:00Z"), ALICE); // not approved

        SettlementRun june = service.settle(byId(JUNE));
        SettlementRun august = service.settle(byId(AUGUST));
        assertThat(june.policy().version()).isEqualTo(1);
        assertThat(august.policy().version()).isEqualTo(2);
        assertThat(august.lines())
                .filteredOn(l -> l.memberId().equals("A"))
                .extracting(AllocationLine::allocatedWh)
                .containsExactly(1500.0);
        // Version 2 cannot be used inline for June: it takes effect in July.
        assertThatThrownBy(() -> service.settle(inline(JUNE, policy(2, 0.75))))
                .hasMessage("policy: demo-static@v2 takes effect 2024-07-01T00:00:00Z, after the start of the "
                        + "period 2024-06-01T10:00:00Z");
        assertThatThrownBy(() -> service.settle(byId("timestamp,member,consumption_kWh,generation_kWh\n"
                        + "2023-06-01T10:00:00Z,A,2,0\n2023-06-01T10:00:00Z,P,0,2\n")))
                .hasMessageStartingWith(
                        "no approved version of policy demo-static is in force at " + "2023-06-01T10:00:00Z");
        assertThatThrownBy(() -> service.settle(new SettlementInput(
                        "demo",
                        "static",
                        "meters",
                        JUNE,
                        "policy",
                        policy(1, 0.5),
                        null,
                        null,
                        null,
                        null,
                        "demo-static",
                        null)))
                .hasMessage("give either a policy or a policyId, not both");
    }

    @Test
    void theDefaultPolicyOfAMethodDoesNotRunForACommunity() throws Exception {
        FakeLedger ledger = new FakeLedger(CLOCK);
        SettlementServiceImpl governed = SettlementServiceImpl.on(ledger, governance, CLOCK);
        governed.addAllocator(new MethodAllocator(Method.DYNAMIC));
        assertThatThrownBy(() -> governed.settle(new SettlementInput(
                        "demo", "dynamic", "meters", JUNE, null, null, 0.3, 0.1, null, null, null, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("method dynamic without a policy: every run is recorded in the ledger, so "
                        + "it needs an approved policy");
        assertThat(ledger.communities()).isEmpty();
        // Without governance (tests of the allocation itself) the default policy still runs.
        SettlementServiceImpl plain = new SettlementServiceImpl(ledger);
        plain.addAllocator(new MethodAllocator(Method.DYNAMIC));
        assertThat(plain.settle(new SettlementInput(
                                "demo", "dynamic", "meters", JUNE, null, null, 0.3, 0.1, null, null, null, null))
                        .policy()
                        .toString())
                .isEqualTo("default-dynamic@v1");
    }

    /** A static key reporting another version, as a newer strategy bundle dropped into deploy/ would. */
    private record NewerStatic(String version) implements Allocator {
        @Override
        public String name() {
            return "static";
        }

        @Override
        public AllocationResult allocate(AllocationRequest r) {
            AllocationResult base = new MethodAllocator(Method.STATIC).allocate(r);
            return new AllocationResult(
                    base.strategy().replace("1.0.0", version),
                    base.policy(),
                    base.lines(),
                    base.shares(),
                    base.notes());
        }
    }

    @Test
    void aNewerAllocationStrategyRunsOnlyOnceItsActivationIsApproved() throws Exception {
        governance.approve(
                governance
                        .propose(policy(1, 0.5), Instant.parse("2024-01-01T00:00:00Z"), ALICE)
                        .id(),
                BOB);
        service.addAllocator(new NewerStatic("1.1.0"));
        SettlementRun before = service.settle(byId(JUNE));
        assertThat(before.strategy()).isEqualTo("static@1.0.0");
        assertThat(before.notes())
                .anySatisfy(n -> assertThat(n)
                        .isEqualTo("allocation strategy static 1.0.0; "
                                + "deployed [1.1.0] are candidates until a strategy-activation policy "
                                + "strategy-allocation-static is "
                                + "approved"));

        String activation = "{\"id\":\"strategy-allocation-static\",\"version\":1,\"kind\":\"strategy-activation\","
                + "\"role\":\"allocation\",\"strategy\":\"static\",\"strategyVersion\":\"1.1.0\"}";
        long id = governance.propose(activation, null, ALICE).id();
        assertThat(service.settle(byId(JUNE)).strategy()).isEqualTo("static@1.0.0"); // proposed is not approved
        governance.approve(id, BOB);
        SettlementRun after = service.settle(byId(JUNE));
        assertThat(after.strategy()).isEqualTo("static@1.1.0");
        assertThat(after.notes())
                .anySatisfy(n -> assertThat(n)
                        .startsWith("allocation strategy static 1.1.0 "
                                + "activated by strategy-allocation-static@v1 (approved by bob"));

        // An approved version that is not deployed is not replaced by another.
        governance.approve(
                governance
                        .propose(
                                activation
                                        .replace("\"version\":1", "\"version\":2")
                                        .replace("1.1.0", "1.2.0"),
                                null,
                                ALICE)
                        .id(),
                BOB);
        assertThatThrownBy(() -> service.settle(byId(JUNE)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("allocation strategy static 1.2.0 is the approved one (strategy-allocation-static@v2, "
                        + "proposal 3) but is not deployed (deployed: [1.0.0, 1.1.0])");
    }
}
