package io.gridhub.governance.internal;

import static io.gridhub.governance.internal.FileGovernanceTest.CLOCK;
import static io.gridhub.governance.internal.FileGovernanceTest.JAN;
import static io.gridhub.governance.internal.FileGovernanceTest.policy;
import static io.gridhub.governance.internal.FileGovernanceTest.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.AuditEntry;
import io.gridhub.api.governance.GovernanceException.Reason;
import io.gridhub.api.governance.ProposalState;
import io.gridhub.testkit.RecordingAuditTrail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-person rule compares persons, proposing needs a role, replay checks both, and the trail sees every step. */
class TwoPersonRuleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Dana has two accounts: an operator account and a governance-lead account. */
    static final Actor DANA = new Actor("dana", Set.of(Actor.OPERATOR), "person-17");

    static final Actor DANA_LEAD = new Actor("dana.lead", Set.of(Actor.GOVERNANCE_LEAD), "person-17");
    static final Actor ERIN = new Actor("erin", Set.of(Actor.GOVERNANCE_LEAD), "person-23");
    static final Actor VIEWER = new Actor("vic", Set.of("viewer"), "person-31");

    @TempDir
    Path dir;

    @Test
    void aSecondAccountOfTheSamePersonCannotApproveOrReject() throws Exception {
        RecordingAuditTrail trail = new RecordingAuditTrail(CLOCK);
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        g.bindAuditTrail(trail);
        long id = g.propose(policy(1, 0.6), JAN, DANA).id();

        assertThatThrownBy(() -> g.approve(id, DANA_LEAD))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.FORBIDDEN))
                .hasMessage("dana.lead and dana, who proposed proposal 1 demo-static@v1, "
                        + "are the same person (person-17) and cannot approve it: another governance lead, a different "
                        + "person, must");
        assertThatThrownBy(() -> g.reject(id, DANA_LEAD, "changed my mind"))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.FORBIDDEN));
        assertThat(g.proposal(id).orElseThrow().state()).isEqualTo(ProposalState.PROPOSED);
        g.approve(id, ERIN);
        assertThat(g.approved("demo-static", 1)).isPresent();

        assertThat(g.audit())
                .extracting(AuditEntry::actor, AuditEntry::action)
                .containsExactly(
                        Tuple.tuple("dana", "propose"),
                        Tuple.tuple("dana.lead", "denied:approve"),
                        Tuple.tuple("dana.lead", "denied:reject"),
                        Tuple.tuple("erin", "approve"));
        // The same steps in the hub's trail, with person and roles.
        assertThat(trail.records)
                .extracting(AuditRecord::actor, AuditRecord::channel, AuditRecord::action, AuditRecord::outcome)
                .containsExactly(
                        Tuple.tuple("dana", "governance", "policy.propose", "proposed"),
                        Tuple.tuple("dana.lead", "governance", "policy.approve", "denied"),
                        Tuple.tuple("dana.lead", "governance", "policy.reject", "denied"),
                        Tuple.tuple("erin", "governance", "policy.approve", "approved"));
        assertThat(trail.records.get(1).detail())
                .startsWith("person person-17; roles [governance-lead]; dana.lead " + "and dana");
        assertThat(trail.records.get(3).subject()).isEqualTo("proposal 1 demo-static@v1");
        assertThat(trail.records.get(3).detail()).contains("proposed by dana (person person-17)");
        // The log records who is behind each account, and replays.
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl")).get(0))
                .contains("\"person\":\"person-17\"", "\"roles\":[\"operator\"]");
        assertThat(new FileGovernance(dir, CLOCK, new AllocationKindStub()).proposals())
                .isEqualTo(g.proposals());
    }

    @Test
    void proposingNeedsARole() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        assertThatThrownBy(() -> g.propose(policy(1, 0.6), JAN, VIEWER))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.FORBIDDEN))
                .hasMessage("propose needs one of the roles [admin, governance-lead, operator]; vic has [viewer]");
        assertThatThrownBy(() -> g.propose(policy(1, 0.6), JAN, new Actor("nobody", Set.of())))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.FORBIDDEN));
        assertThat(g.proposals()).isEmpty();
        assertThat(g.audit()).extracting(AuditEntry::action).containsExactly("denied:propose", "denied:propose");
        assertThat(g.propose(policy(1, 0.6), JAN, new Actor("root", Set.of(Actor.ADMIN)))
                        .proposedBy())
                .isEqualTo("root");
    }

    @Test
    void aStepTheTrailRefusesIsNotTaken() throws Exception {
        RecordingAuditTrail trail = new RecordingAuditTrail(CLOCK);
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        g.bindAuditTrail(trail);
        long id = g.propose(policy(1, 0.6), JAN, DANA).id();
        String before = Files.readString(dir.resolve("audit.jsonl"));
        trail.refuse = true;
        assertThatThrownBy(() -> g.approve(id, ERIN))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.STORAGE))
                .hasMessage("the audit trail refused to record approve of proposal 1 "
                        + "demo-static@v1 by erin, so it was not done: the trail refuses (test): chain broken "
                        + "at seq 2");
        assertThatThrownBy(() -> g.propose(policy(2, 0.7), JAN, DANA))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.STORAGE));
        assertThat(g.proposal(id).orElseThrow().state()).isEqualTo(ProposalState.PROPOSED);
        assertThat(g.proposals()).hasSize(1);
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).isEqualTo(before);
        // Back up: the step goes through; without a trail at all, the log alone records it.
        trail.refuse = false;
        g.approve(id, ERIN);
        g.unbindAuditTrail(trail);
        g.propose(policy(2, 0.7), JAN, DANA);
        assertThat(trail.records).hasSize(2);
        assertThat(g.audit()).hasSize(3);
    }

    @Test
    void replayRefusesALogWithASelfApprovalOrARolelessProposal() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        g.approve(g.propose(policy(1, 0.6), JAN, DANA).id(), ERIN);
        Path file = dir.resolve("audit.jsonl");
        List<String> original = Files.readAllLines(file);

        // Someone rewrites the approver as dana's second account and recomputes the (unkeyed) chain.
        rewrite(file, original, 2, e -> e.put("actor", "dana.lead").put("person", "person-17"));
        assertThatThrownBy(() -> new FileGovernance(dir, CLOCK, new AllocationKindStub()))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.STORAGE))
                .hasMessageEndingWith("audit.jsonl: entry 2 breaks the governance "
                        + "rules, so the log cannot be trusted: dana.lead decided proposal 1 demo-static@v1, which "
                        + "dana "
                        + "proposed: the same person (person-17), against the two-person rule");

        rewrite(file, original, 1, e -> e.set("roles", JSON.createArrayNode().add("viewer")));
        assertThatThrownBy(() -> new FileGovernance(dir, CLOCK, new AllocationKindStub()))
                .hasMessageEndingWith("entry 1 breaks the "
                        + "governance rules, so the log cannot be trusted: dana proposed demo-static@v1 without a "
                        + "role to "
                        + "propose (needs one of [admin, governance-lead, operator], has [viewer])");

        rewrite(file, original, 2, e -> e.set("roles", JSON.createArrayNode().add("operator")));
        assertThatThrownBy(() -> new FileGovernance(dir, CLOCK, new AllocationKindStub()))
                .hasMessageContaining("erin decided proposal 1 " + "demo-static@v1 without the role governance-lead");
    }

    @Test
    void aLogWrittenBeforePersonsAndRolesIsStillRead() throws Exception {
        FileGovernance g = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        g.approve(g.propose(policy(1, 0.6), JAN, DANA).id(), ERIN);
        long pending = g.propose(policy(2, 0.7), JAN, DANA).id();
        Path file = dir.resolve("audit.jsonl");
        List<String> original = Files.readAllLines(file);
        rewrite(file, original, 0, e -> {
            e.remove("person");
            e.remove("roles");
            return e;
        });
        FileGovernance old = new FileGovernance(dir, CLOCK, new AllocationKindStub());
        assertThat(old.approved("demo-static", 1)).isPresent();
        assertThat(old.verifyAudit()).isEmpty();
        // Without a person, the account name is the person; and one account is one person whatever it says now.
        assertThatThrownBy(() -> old.approve(pending, new Actor("dana", Set.of(Actor.GOVERNANCE_LEAD), "other")))
                .hasMessageContaining("dana proposed");
        old.approve(pending, ERIN);
    }

    /** Applies {@code edit} to entry {@code index} (1-based; 0: all) and recomputes the SHA-256 chain. */
    private static void rewrite(Path file, List<String> lines, int index, UnaryOperator<ObjectNode> edit)
            throws Exception {
        List<String> out = new ArrayList<>();
        String prev = "0".repeat(64);
        for (int k = 0; k < lines.size(); k++) {
            ObjectNode e = (ObjectNode) JSON.readTree(lines.get(k));
            e.remove("hash");
            if (index == 0 || index == k + 1) {
                e = edit.apply(e);
                // keep prev and hash last, as written
                e.remove("prev");
            }
            e.remove("prev");
            e.put("prev", prev);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(prev.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
            md.update(JSON.writeValueAsBytes(e));
            prev = HexFormat.of().formatHex(md.digest());
            e.put("hash", prev);
            out.add(JSON.writeValueAsString(e));
        }
        Files.write(file, out);
    }
}
