package io.gridhub.governance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.AuditEntry;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.governance.ProposalState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileGovernanceTest {
    static final Actor ALICE = new Actor("alice", Set.of("operator"));
    static final Actor BOB = new Actor("bob", Set.of(Actor.GOVERNANCE_LEAD));
    static final Actor CAROL = new Actor("carol", Set.of(Actor.GOVERNANCE_LEAD, "operator"));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC);
    static final Instant JAN = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant JUL = Instant.parse("2024-07-01T00:00:00Z");

    @TempDir
    Path dir;

    static String policy(int version, double a) {
        return "{\"id\": \"demo-static\", \"version\": " + version + ", \"method\": \"static\",\n"
                + "\"staticShares\": {\"A\": " + a + ", \"B\": " + (1 - a) + "}}";
    }

    static GovernanceException.Reason reason(Throwable t) {
        return ((GovernanceException) t).reason();
    }

    @Test
    void aProposalTakesEffectOnlyAfterAnotherGovernanceLeadApprovesIt() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        PolicyProposal p = g.propose(policy(1, 0.6), JAN, CAROL);
        assertThat(p.state()).isEqualTo(ProposalState.PROPOSED);
        assertThat(p.ref()).isEqualTo("demo-static@v1");
        assertThat(g.inForce("demo-static", JUL)).isEmpty();
        assertThat(g.approved("demo-static", 1)).isEmpty();

        assertThatThrownBy(() -> g.approve(p.id(), ALICE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.FORBIDDEN))
                .hasMessage("approve needs the role governance-lead; alice has [operator]");
        assertThatThrownBy(() -> g.approve(p.id(), CAROL))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.FORBIDDEN))
                .hasMessageContaining("carol proposed");
        assertThatThrownBy(() -> g.approve(99, BOB))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.NOT_FOUND));
        assertThat(g.inForce("demo-static", JUL)).isEmpty();

        PolicyProposal a = g.approve(p.id(), BOB);
        assertThat(a.state()).isEqualTo(ProposalState.APPROVED);
        assertThat(a.decidedBy()).isEqualTo("bob");
        assertThat(g.inForce("demo-static", JUL)).contains(a);
        assertThat(g.inForce("demo-static", JAN.minusSeconds(1))).isEmpty(); // not before its effective date
        assertThatThrownBy(() -> g.approve(p.id(), BOB))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.CONFLICT))
                .hasMessageContaining("approved already");

        assertThat(g.audit())
                .extracting(AuditEntry::actor, AuditEntry::action)
                .containsExactly(
                        Tuple.tuple("carol", "propose"),
                        Tuple.tuple("alice", "denied:approve"),
                        Tuple.tuple("carol", "denied:approve"),
                        Tuple.tuple("bob", "approve"),
                        Tuple.tuple("bob", "denied:approve"));
        assertThat(g.audit().get(1).previousHash()).isEqualTo(g.audit().get(0).hash());
        assertThat(g.verifyAudit()).isEmpty();
    }

    @Test
    void theAuditLogIsTheStateAfterARestartAndTamperingIsDetected() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        long v1 = g.propose(policy(1, 0.6), JAN, ALICE).id();
        g.approve(v1, BOB);
        long v2 = g.propose(policy(2, 0.7), JUL, ALICE).id();
        g.approve(v2, CAROL);
        long v3 = g.propose(policy(3, 0.8), JUL, ALICE).id();
        g.reject(v3, BOB, "shares not agreed by the assembly");

        FileGovernance again = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        assertThat(again.proposals()).isEqualTo(g.proposals());
        assertThat(again.audit()).isEqualTo(g.audit());
        assertThat(again.inForce("demo-static", JUL.minusSeconds(1))
                        .orElseThrow()
                        .version())
                .isEqualTo(1);
        assertThat(again.inForce("demo-static", JUL).orElseThrow().version()).isEqualTo(2); // v3 was rejected
        assertThat(again.proposal(v3).orElseThrow().reason()).isEqualTo("shares not agreed by the assembly");

        // Someone edits the log: the approver of version 2 is changed.
        Path file = dir.resolve("audit.jsonl");
        List<String> original = Files.readAllLines(file);
        List<String> lines = new ArrayList<>(original);
        lines.set(3, lines.get(3).replace("\"actor\":\"carol\"", "\"actor\":\"mallory\""));
        Files.write(file, lines);
        assertThat(g.verifyAudit())
                .hasValueSatisfying(
                        m -> assertThat(m).contains("audit.jsonl:4: ").contains("hash chain is broken"));
        assertThatThrownBy(() -> new FileGovernance(dir, CLOCK, new AllocationKindStub()))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.STORAGE))
                .hasMessageContaining("audit.jsonl:4: ");
        // Removing a whole entry breaks the chain as well.
        List<String> fewer = new ArrayList<>(original);
        fewer.remove(3);
        Files.write(file, fewer);
        assertThatThrownBy(() -> new FileGovernance(dir, CLOCK, new AllocationKindStub()))
                .hasMessageContaining("audit.jsonl:4: ")
                .hasMessageContaining("hash chain is broken");
        Files.write(file, original);
        assertThat(new FileGovernance(dir, CLOCK, new AllocationKindStub()).proposals())
                .hasSize(3);
    }

    @Test
    void versionsGoUpAndMalformedPoliciesAreRefusedWithTheLine() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        g.propose(policy(2, 0.5), JAN, ALICE);
        assertThatThrownBy(() -> g.propose(policy(2, 0.4), JAN, ALICE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.CONFLICT))
                .hasMessage("policy demo-static has version 2 already (proposal 1, proposed): a change is a new, "
                        + "higher version");
        assertThatThrownBy(() -> g.propose(policy(1, 0.4), JAN, ALICE)).hasMessageContaining("version 2 already");
        // What is wrong with a policy is what the reader of its kind says (allocation: AllocationPolicyKindTest).
        assertThatThrownBy(() -> g.propose("{\"id\": \"x\",\n\"version\": \"one\"}", JAN, ALICE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.INVALID))
                .hasMessage("policy: an id and a version required");
        assertThat(g.proposals()).hasSize(1);
        assertThat(g.audit())
                .extracting(AuditEntry::action)
                .containsExactly("propose", "denied:propose", "denied:propose", "denied:propose");
        // Without an effective date a proposal applies from the time it was made.
        assertThat(g.propose(policy(3, 0.5), null, ALICE).effectiveFrom()).isEqualTo(CLOCK.instant());
    }

    @Test
    void aWriteCutShortByACrashIsDroppedAndTheLogGoesOn() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        long id = g.propose(policy(1, 0.6), JAN, ALICE).id();
        Path file = dir.resolve("audit.jsonl");
        String complete = Files.readString(file);
        Files.writeString(file, complete + "{\"seq\":2,\"at\":\"2026-11-23T18:00:00Z\",\"actor\":\"bo");
        FileGovernance again = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        assertThat(again.proposals()).extracting(PolicyProposal::state).containsExactly(ProposalState.PROPOSED);
        assertThat(Files.readString(file)).isEqualTo(complete);
        again.approve(id, BOB);
        assertThat(new FileGovernance(dir, CLOCK, new AllocationKindStub()).approved("demo-static", 1))
                .isPresent();
        assertThat(again.verifyAudit()).isEmpty();
    }

    @Test
    void allocationPoliciesAreRefusedWhileNoBundleReadsThem() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK);
        assertThatThrownBy(() -> g.propose(policy(1, 0.6), JAN, ALICE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(GovernanceException.Reason.INVALID))
                .hasMessage("policy: allocation policies cannot be checked: the allocation bundle, which reads them, "
                        + "is not running");
        // A kind governance reads itself needs no other bundle.
        assertThat(g.propose(
                                "{\"id\":\"control-authority-demo\",\"version\":1,\"kind\":\"control-authority\","
                                        + "\"community\":\"demo\",\"mode\":\"advisory\"}",
                                JAN,
                                ALICE)
                        .policyId())
                .isEqualTo("control-authority-demo");
        assertThat(g.audit()).extracting(AuditEntry::action).containsExactly("denied:propose", "propose");
    }
}
