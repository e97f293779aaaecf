package io.gridhub.allocation.internal.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.allocation.internal.data.InputException;
import io.gridhub.allocation.internal.data.PolicyJson;
import io.gridhub.api.allocation.AllocationPolicy;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.AuditEntry;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.GovernanceException.Reason;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.governance.ProposalState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Governance of policies — allocation policies, and the control authority of a community (which mode the operating
 * loop may run it in, {@link ControlAuthorityPolicy}) — kept as its own audit log: one JSON object per line in
 * {@code <directory>/audit.jsonl}, each with the SHA-256 of the previous line's hash and its own content. The
 * log is the state — on start the proposals and decisions are replayed from it, after the chain is checked; a
 * broken chain stops the component (no policy can be trusted then). Appends are synced to disk before a step
 * returns. Allocation policies are checked with the same reader as {@code ./gridhub allocate} before they can be
 * proposed.
 */
@Component(service = PolicyGovernance.class, configurationPid = FileGovernance.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FileGovernance.Config.class)
public final class FileGovernance implements PolicyGovernance {
    static final String PID = "io.gridhub.governance";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENESIS = "0".repeat(64);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileGovernance.class);

    @ObjectClassDefinition(name = "gridhub policy governance")
    public @interface Config {
        @AttributeDefinition(description = "Folder of the audit log; empty means ${karaf.data}/gridhub/governance")
        String directory() default "";
    }

    private final Path file;
    private final Clock clock;
    private final Map<Long, PolicyProposal> proposals = new LinkedHashMap<>();
    private final List<AuditEntry> audit = new ArrayList<>();
    private String lastHash = GENESIS;

    @Activate
    public FileGovernance(Config config) throws GovernanceException {
        this(directory(config), Clock.systemUTC());
    }

    public FileGovernance(Path directory, Clock clock) throws GovernanceException {
        this.file = directory.resolve("audit.jsonl");
        this.clock = clock;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new GovernanceException(Reason.STORAGE, "cannot create " + directory + ": " + e.getMessage(), e);
        }
        replay();
    }

    private static Path directory(Config config) {
        if (!config.directory().isBlank()) {
            return Path.of(config.directory()).toAbsolutePath();
        }
        return Path.of(System.getProperty("karaf.data", "data"), "gridhub", "governance").toAbsolutePath();
    }

    // ------------------------------------------------------------------ steps

    @Override
    public synchronized PolicyProposal propose(String policyJson, Instant effectiveFrom, Actor proposer)
            throws GovernanceException {
        String text = policyJson == null ? "" : policyJson;
        String id;
        int version;
        try {
            JsonNode tree = tree(text);
            JsonNode kind = tree == null ? null : tree.get("kind");
            if (kind != null && kind.isTextual() && kind.asText().equals(ControlAuthorityPolicy.KIND)) {
                ControlAuthorityPolicy c = ControlAuthorityPolicy.read(tree);
                id = c.id();
                version = c.version();
            } else if (kind != null && !(kind.isTextual() && kind.asText().equals(PolicyJson.KIND))) {
                throw new InputException("policy", 0, "kind: \"" + PolicyJson.KIND + "\" (the default) or \""
                        + ControlAuthorityPolicy.KIND + "\", got " + kind);
            } else {
                if (kind == null && tree != null && ControlAuthorityPolicy.reserved(tree.path("id").asText(null))) {
                    throw new InputException("policy", 0, "id: ids starting with '"
                            + ControlAuthorityPolicy.KIND + "-' are control-authority policies: add \"kind\": \""
                            + ControlAuthorityPolicy.KIND + "\"");
                }
                AllocationPolicy policy = PolicyJson.read("policy", text);
                if (ControlAuthorityPolicy.reserved(policy.ref().id())) {
                    throw new InputException("policy", 0, "id: ids starting with '" + ControlAuthorityPolicy.KIND
                            + "-' are reserved for control-authority policies");
                }
                id = policy.ref().id();
                version = policy.ref().version();
            }
        } catch (InputException e) {
            deny(proposer, "propose", "a policy", e.getMessage());
            throw new GovernanceException(Reason.INVALID, e.getMessage());
        } catch (ControlAuthorityPolicy.InvalidPolicy e) {
            deny(proposer, "propose", "a control-authority policy", e.getMessage());
            throw new GovernanceException(Reason.INVALID, e.getMessage());
        }
        Optional<PolicyProposal> highest = proposals.values().stream().filter(p -> p.policyId().equals(id))
                .max(Comparator.comparingInt(PolicyProposal::version));
        if (highest.isPresent() && highest.get().version() >= version) {
            String why = "policy " + id + " has version " + highest.get().version() + " already (proposal "
                    + highest.get().id() + ", " + highest.get().state().name().toLowerCase(java.util.Locale.ROOT)
                    + "): a change is a new, higher version";
            deny(proposer, "propose", id + "@v" + version, why);
            throw new GovernanceException(Reason.CONFLICT, why);
        }
        Instant now = clock.instant();
        long pid = proposals.size() + 1L;
        PolicyProposal p = new PolicyProposal(pid, id, version, policyJson, sha256(policyJson), proposer.name(),
                now, effectiveFrom == null ? now : effectiveFrom, ProposalState.PROPOSED, null, null, null);
        ObjectNode data = JSON.createObjectNode();
        data.put("id", p.id());
        data.put("policyId", id);
        data.put("version", version);
        data.put("content", policyJson);
        data.put("contentSha256", p.contentSha256());
        data.put("effectiveFrom", p.effectiveFrom().toString());
        append(now, proposer.name(), "propose", subject(p), "effective from " + p.effectiveFrom()
                + ", content sha256 " + p.contentSha256(), data);
        proposals.put(pid, p);
        return p;
    }

    @Override
    public synchronized PolicyProposal approve(long proposalId, Actor approver) throws GovernanceException {
        PolicyProposal p = decidable(proposalId, approver, "approve");
        if (p.proposedBy().equals(approver.name())) {
            String why = approver.name() + " proposed " + subject(p) + " and cannot approve it: another governance "
                    + "lead must";
            deny(approver, "approve", subject(p), why);
            throw new GovernanceException(Reason.FORBIDDEN, why);
        }
        return decide(p, ProposalState.APPROVED, approver, null);
    }

    @Override
    public synchronized PolicyProposal reject(long proposalId, Actor approver, String reason)
            throws GovernanceException {
        PolicyProposal p = decidable(proposalId, approver, "reject");
        return decide(p, ProposalState.REJECTED, approver, reason == null || reason.isBlank() ? "no reason given"
                : reason);
    }

    private PolicyProposal decidable(long proposalId, Actor actor, String action) throws GovernanceException {
        PolicyProposal p = proposals.get(proposalId);
        if (p == null) {
            throw new GovernanceException(Reason.NOT_FOUND, "no proposal " + proposalId);
        }
        if (!actor.has(Actor.GOVERNANCE_LEAD)) {
            String why = action + " needs the role " + Actor.GOVERNANCE_LEAD + "; " + actor.name() + " has "
                    + new TreeSet<>(actor.roles());
            deny(actor, action, subject(p), why);
            throw new GovernanceException(Reason.FORBIDDEN, why);
        }
        if (p.state() != ProposalState.PROPOSED) {
            String why = subject(p) + " is " + p.state().name().toLowerCase(java.util.Locale.ROOT) + " already (by "
                    + p.decidedBy() + " at " + p.decidedAt() + ")";
            deny(actor, action, subject(p), why);
            throw new GovernanceException(Reason.CONFLICT, why);
        }
        return p;
    }

    private PolicyProposal decide(PolicyProposal p, ProposalState state, Actor actor, String reason)
            throws GovernanceException {
        Instant now = clock.instant();
        ObjectNode data = JSON.createObjectNode();
        data.put("proposal", p.id());
        if (reason != null) {
            data.put("reason", reason);
        }
        String action = state == ProposalState.APPROVED ? "approve" : "reject";
        append(now, actor.name(), action, subject(p), state == ProposalState.APPROVED
                ? "takes effect for periods from " + p.effectiveFrom() : reason, data);
        PolicyProposal d = p.decided(state, actor.name(), now, reason);
        proposals.put(p.id(), d);
        return d;
    }

    /** The policy as a JSON object, or null when it is not one (the allocation reader then says what is wrong). */
    private static JsonNode tree(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A refused attempt is audited too (who tried what, and why it was refused). */
    private void deny(Actor actor, String action, String subject, String why) throws GovernanceException {
        append(clock.instant(), actor.name(), "denied:" + action, subject, why, JSON.createObjectNode());
    }

    private static String subject(PolicyProposal p) {
        return "proposal " + p.id() + " " + p.ref();
    }

    // ------------------------------------------------------------------ queries

    @Override
    public synchronized List<PolicyProposal> proposals() {
        return List.copyOf(proposals.values());
    }

    @Override
    public synchronized Optional<PolicyProposal> proposal(long proposalId) {
        return Optional.ofNullable(proposals.get(proposalId));
    }

    @Override
    public synchronized Optional<PolicyProposal> inForce(String policyId, Instant at) {
        return proposals.values().stream()
                .filter(p -> p.policyId().equals(policyId) && p.state() == ProposalState.APPROVED
                        && !p.effectiveFrom().isAfter(at))
                .max(Comparator.comparingInt(PolicyProposal::version));
    }

    @Override
    public synchronized Optional<PolicyProposal> approved(String policyId, int version) {
        return proposals.values().stream().filter(p -> p.policyId().equals(policyId) && p.version() == version
                && p.state() == ProposalState.APPROVED).findFirst();
    }

    @Override
    public synchronized List<AuditEntry> audit() {
        return List.copyOf(audit);
    }

    @Override
    public synchronized Optional<String> verifyAudit() {
        try {
            check(Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of());
            return Optional.empty();
        } catch (GovernanceException | IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether two policy texts are the same policy (equal JSON trees; layout and key order aside). */
    public static boolean sameContent(String a, String b) {
        try {
            return JSON.readTree(a).equals(JSON.readTree(b));
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ the log

    private void append(Instant at, String actor, String action, String subject, String detail, ObjectNode data)
            throws GovernanceException {
        ObjectNode e = JSON.createObjectNode();
        long seq = audit.size() + 1L;
        e.put("seq", seq);
        e.put("at", at.toString());
        e.put("actor", actor);
        e.put("action", action);
        e.put("subject", subject);
        e.put("detail", detail);
        e.set("data", data);
        e.put("prev", lastHash);
        String hash = hash(lastHash, e);
        e.put("hash", hash);
        try {
            Files.writeString(file, JSON.writeValueAsString(e) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException x) {
            throw new GovernanceException(Reason.STORAGE, "cannot write the audit log " + file + ": "
                    + x.getMessage(), x);
        }
        audit.add(new AuditEntry(seq, at, actor, action, subject, detail, lastHash, hash));
        lastHash = hash;
    }

    private static String hash(String previous, ObjectNode entryWithoutHash) throws GovernanceException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(previous.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
            md.update(JSON.writeValueAsBytes(entryWithoutHash));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new GovernanceException(Reason.STORAGE, "cannot hash an audit entry: " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Checks the chain line by line; returns the entries as parsed. */
    private List<ObjectNode> check(List<String> lines) throws GovernanceException {
        List<ObjectNode> out = new ArrayList<>();
        String prev = GENESIS;
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            ObjectNode e;
            try {
                e = (ObjectNode) JSON.readTree(line);
            } catch (IOException | ClassCastException x) {
                throw new GovernanceException(Reason.STORAGE, file + ":" + n + ": not an audit entry: "
                        + x.getMessage());
            }
            JsonNode h = e.remove("hash");
            if (h == null || !prev.equals(e.path("prev").asText()) || !h.asText().equals(hash(prev, e))) {
                throw new GovernanceException(Reason.STORAGE, file + ":" + n + ": the audit log's hash chain is "
                        + "broken here (an entry was changed, removed or inserted)");
            }
            e.set("hash", h);
            prev = h.asText();
            out.add(e);
        }
        return out;
    }

    private void replay() throws GovernanceException {
        List<String> lines;
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            int end = text.lastIndexOf('\n') + 1;
            if (end < text.length()) {
                // A write cut short by a crash: the step was never acknowledged. Keep the log up to the last
                // complete entry, so the next step appends after it.
                LOG.warn("{}: dropping an incomplete last entry ({} bytes) left by an interrupted write", file,
                        text.length() - end);
                try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(text.getBytes(StandardCharsets.UTF_8).length
                            - text.substring(end).getBytes(StandardCharsets.UTF_8).length);
                }
                text = text.substring(0, end);
            }
            lines = text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } catch (IOException e) {
            throw new GovernanceException(Reason.STORAGE, "cannot read " + file + ": " + e.getMessage(), e);
        }
        for (ObjectNode e : check(lines)) {
            try {
                Instant at = Instant.parse(e.get("at").asText());
                String action = e.get("action").asText();
                JsonNode d = e.get("data");
                if (action.equals("propose")) {
                    PolicyProposal p = new PolicyProposal(d.get("id").asLong(), d.get("policyId").asText(),
                            d.get("version").asInt(), d.get("content").asText(), d.get("contentSha256").asText(),
                            e.get("actor").asText(), at, Instant.parse(d.get("effectiveFrom").asText()),
                            ProposalState.PROPOSED, null, null, null);
                    proposals.put(p.id(), p);
                } else if (action.equals("approve") || action.equals("reject")) {
                    PolicyProposal p = proposals.get(d.get("proposal").asLong());
                    proposals.put(p.id(), p.decided(action.equals("approve") ? ProposalState.APPROVED
                            : ProposalState.REJECTED, e.get("actor").asText(), at,
                            d.hasNonNull("reason") ? d.get("reason").asText() : null));
                }
                audit.add(new AuditEntry(e.get("seq").asLong(), at, e.get("actor").asText(), action,
                        e.get("subject").asText(), e.path("detail").asText(null), e.get("prev").asText(),
                        e.get("hash").asText()));
                lastHash = e.get("hash").asText();
            } catch (RuntimeException x) {
                throw new GovernanceException(Reason.STORAGE, file + ": entry " + e.path("seq").asText()
                        + " cannot be replayed: " + x, x);
            }
        }
    }
}
