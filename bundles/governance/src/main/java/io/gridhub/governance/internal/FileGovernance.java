package io.gridhub.governance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.AuditEntry;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.GovernanceException.Reason;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyKind;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.governance.ProposalState;
import io.gridhub.api.model.PolicyRef;
import io.gridhub.api.strategy.StrategyActivation;
import io.gridhub.api.time.HubClock;
import java.io.IOException;
import java.nio.channels.FileChannel;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Governance of policies — allocation policies, the control authority of a community ({@link ControlAuthorityPolicy}),
 * its dispatch policy ({@link DispatchPolicyDocument}) and the activation of strategy versions in production
 * ({@link StrategyActivationPolicy}) — kept as its own audit log: one JSON object per line in
 * {@code <directory>/audit.jsonl}, each with the SHA-256 of the previous line's hash and its own content. The
 * log is the state — on start the proposals and decisions are replayed from it, after the chain is checked and
 * every step is checked again against the rules (a proposer with a role to propose; a decision by a governance
 * lead who is a different person); a broken chain or a step against the rules stops the component (no policy can
 * be trusted then). Appends are synced to disk before a step returns. Every step, refused attempts included, also
 * goes to the hub's keyed {@link AuditTrail} when one is running; a step the trail refuses to record is not taken.
 * Allocation policies are checked before they can be proposed by the allocation bundle's {@link PolicyKind} service,
 * the same reader as {@code ./gridhub allocate}.
 */
@Component(
        service = PolicyGovernance.class,
        configurationPid = FileGovernance.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FileGovernance.Config.class)
public final class FileGovernance implements PolicyGovernance {
    static final String PID = "io.gridhub.governance";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENESIS = "0".repeat(64);
    private static final Logger LOG = LoggerFactory.getLogger(FileGovernance.class);
    /** The roles that may propose a policy change. */
    static final Set<String> PROPOSING_ROLES = Set.of(Actor.OPERATOR, Actor.GOVERNANCE_LEAD, Actor.ADMIN);
    /** The audit trail's channel for governance steps. */
    static final String CHANNEL = "governance";
    /** Id prefixes that belong to a governed kind other than allocation, and that kind. */
    private static final Map<String, String> RESERVED = Map.of(
            ControlAuthorityPolicy.KIND + "-",
            ControlAuthorityPolicy.KIND,
            DispatchPolicyDocument.PREFIX,
            DispatchPolicyDocument.KIND,
            StrategyActivation.PREFIX,
            StrategyActivationPolicy.KIND);

    @ObjectClassDefinition(name = "gridhub policy governance")
    public @interface Config {
        @AttributeDefinition(description = "Folder of the audit log; empty means ${karaf.data}/gridhub/governance")
        String directory() default "";
    }

    private final Path file;
    private final Clock clock;
    private final Map<Long, PolicyProposal> proposals = new LinkedHashMap<>();
    /** Who proposed each proposal, with roles and person, for the two-person rule. */
    private final Map<Long, Actor> proposers = new LinkedHashMap<>();

    private volatile AuditTrail trail;
    /** The kinds other bundles read (allocation), by kind. */
    private final Map<String, PolicyKind> kinds = new ConcurrentHashMap<>();

    private final List<AuditEntry> audit = new ArrayList<>();
    private String lastHash = GENESIS;

    @Activate
    public FileGovernance(Config config, @Reference HubClock time) throws GovernanceException {
        this(directory(config), time.clock());
    }

    /** @param kinds the kinds other bundles read (in OSGi, the {@link PolicyKind} services) */
    public FileGovernance(Path directory, Clock clock, PolicyKind... kinds) throws GovernanceException {
        this.file = directory.resolve("audit.jsonl");
        this.clock = clock;
        for (PolicyKind k : kinds) {
            bindPolicyKind(k);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new GovernanceException(Reason.STORAGE, "cannot create " + directory + ": " + e.getMessage(), e);
        }
        replay();
    }

    /** The hub's audit trail: every step is recorded there too, and not taken when it refuses. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAuditTrail(AuditTrail t) {
        trail = t;
    }

    void unbindAuditTrail(AuditTrail t) {
        if (trail == t) {
            trail = null;
        }
    }

    /** A kind of policy another bundle reads: allocation policies, read by the allocation bundle. */
    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPolicyKind(PolicyKind k) {
        kinds.put(k.kind(), k);
    }

    void unbindPolicyKind(PolicyKind k) {
        kinds.remove(k.kind(), k);
    }

    private static Path directory(Config config) {
        if (!config.directory().isBlank()) {
            return Path.of(config.directory()).toAbsolutePath();
        }
        return Path.of(System.getProperty("karaf.data", "data"), "gridhub", "governance")
                .toAbsolutePath();
    }

    // ------------------------------------------------------------------ steps

    @Override
    public synchronized PolicyProposal propose(String policyJson, Instant effectiveFrom, Actor proposer)
            throws GovernanceException {
        if (PROPOSING_ROLES.stream().noneMatch(proposer::has)) {
            String why = "propose needs one of the roles " + new TreeSet<>(PROPOSING_ROLES) + "; " + proposer.name()
                    + " has " + new TreeSet<>(proposer.roles());
            deny(proposer, "propose", "a policy", why);
            throw new GovernanceException(Reason.FORBIDDEN, why);
        }
        String text = policyJson == null ? "" : policyJson;
        Governed governed;
        try {
            governed = read(text);
        } catch (InvalidPolicy e) {
            deny(proposer, "propose", "a policy", e.getMessage());
            throw new GovernanceException(Reason.INVALID, e.getMessage());
        }
        String id = governed.id();
        int version = governed.version();
        Optional<PolicyProposal> highest = proposals.values().stream()
                .filter(p -> p.policyId().equals(id))
                .max(Comparator.comparingInt(PolicyProposal::version));
        if (highest.isPresent() && highest.get().version() >= version) {
            String why = "policy " + id + " has version " + highest.get().version() + " already (proposal "
                    + highest.get().id() + ", " + highest.get().state().name().toLowerCase(Locale.ROOT)
                    + "): a change is a new, higher version";
            deny(proposer, "propose", id + "@v" + version, why);
            throw new GovernanceException(Reason.CONFLICT, why);
        }
        Instant now = clock.instant();
        long pid = proposals.size() + 1L;
        PolicyProposal p = new PolicyProposal(
                pid,
                id,
                version,
                policyJson,
                sha256(policyJson),
                proposer.name(),
                now,
                effectiveFrom == null ? now : effectiveFrom,
                ProposalState.PROPOSED,
                null,
                null,
                null);
        ObjectNode data = JSON.createObjectNode();
        data.put("id", p.id());
        data.put("policyId", id);
        data.put("version", version);
        data.put("kind", governed.kind());
        data.put("content", policyJson);
        data.put("contentSha256", p.contentSha256());
        data.put("effectiveFrom", p.effectiveFrom().toString());
        String detail = governed.kind() + " policy, effective from " + p.effectiveFrom() + ", content sha256 "
                + p.contentSha256();
        record(proposer, "propose", subject(p), "proposed", detail);
        append(now, proposer, "propose", subject(p), detail, data);
        proposals.put(pid, p);
        proposers.put(pid, proposer);
        return p;
    }

    /** A policy's id and version, and its kind. */
    private record Governed(String kind, String id, int version) {}

    /**
     * Checks a policy of any governed kind: the kinds read here, or one a {@link PolicyKind} service reads
     * (allocation, when the policy names no kind).
     */
    private Governed read(String text) throws InvalidPolicy {
        JsonNode tree = tree(text);
        JsonNode kind = tree == null ? null : tree.get("kind");
        String k = kind != null && kind.isTextual() ? kind.asText() : null;
        if (ControlAuthorityPolicy.KIND.equals(k)) {
            ControlAuthorityPolicy c = ControlAuthorityPolicy.read(tree);
            return new Governed(k, c.id(), c.version());
        } else if (DispatchPolicyDocument.KIND.equals(k)) {
            DispatchPolicyDocument d = DispatchPolicyDocument.read(tree);
            return new Governed(k, d.id(), d.version());
        } else if (StrategyActivationPolicy.KIND.equals(k)) {
            StrategyActivationPolicy a = StrategyActivationPolicy.read(tree);
            return new Governed(k, a.id(), a.version());
        }
        String named = kind == null ? PolicyKind.ALLOCATION : k;
        PolicyKind reader = named == null ? null : kinds.get(named);
        if (reader == null && (kind == null || PolicyKind.ALLOCATION.equals(k))) {
            throw new InvalidPolicy("policy: allocation policies cannot be checked: the allocation bundle, which "
                    + "reads them, is not running");
        } else if (reader == null) {
            throw new InvalidPolicy("policy: kind: \"" + PolicyKind.ALLOCATION + "\" (the default), \""
                    + ControlAuthorityPolicy.KIND + "\", \"" + DispatchPolicyDocument.KIND + "\" or \""
                    + StrategyActivationPolicy.KIND + "\", got " + kind);
        }
        Optional<Map.Entry<String, String>> reservedKind =
                tree == null ? Optional.empty() : reservedBy(tree.path("id").asText(null));
        if (kind == null && reservedKind.isPresent()) {
            throw new InvalidPolicy(
                    "policy: id: ids starting with '" + reservedKind.get().getKey() + "' are "
                            + reservedKind.get().getValue() + " policies: add \"kind\": \""
                            + reservedKind.get().getValue()
                            + "\"");
        }
        PolicyRef ref;
        try {
            ref = reader.check(text);
        } catch (GovernanceException e) {
            throw new InvalidPolicy(e.getMessage());
        }
        Optional<Map.Entry<String, String>> reserved = reservedBy(ref.id());
        if (reserved.isPresent()) {
            throw new InvalidPolicy(
                    "policy: id: ids starting with '" + reserved.get().getKey() + "' are reserved for "
                            + reserved.get().getValue() + " policies");
        }
        return new Governed(named, ref.id(), ref.version());
    }

    private static Optional<Map.Entry<String, String>> reservedBy(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String lower = id.toLowerCase(Locale.ROOT);
        return RESERVED.entrySet().stream()
                .filter(e -> lower.startsWith(e.getKey()))
                .findFirst();
    }

    @Override
    public synchronized PolicyProposal approve(long proposalId, Actor approver) throws GovernanceException {
        PolicyProposal p = decidable(proposalId, approver, "approve");
        return decide(p, ProposalState.APPROVED, approver, null);
    }

    @Override
    public synchronized PolicyProposal reject(long proposalId, Actor approver, String reason)
            throws GovernanceException {
        PolicyProposal p = decidable(proposalId, approver, "reject");
        return decide(
                p, ProposalState.REJECTED, approver, reason == null || reason.isBlank() ? "no reason given" : reason);
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
        Actor proposer = proposers.get(p.id());
        if (samePerson(actor, proposer)) {
            String why = (actor.name().equals(proposer.name())
                            ? actor.name() + " proposed " + subject(p)
                            : actor.name() + " and " + proposer.name() + ", who proposed " + subject(p)
                                    + ", are the same " + "person (" + actor.person() + ")")
                    + " and cannot " + action + " it: another governance lead, "
                    + "a different person, must";
            deny(actor, action, subject(p), why);
            throw new GovernanceException(Reason.FORBIDDEN, why);
        }
        if (p.state() != ProposalState.PROPOSED) {
            String why = subject(p) + " is " + p.state().name().toLowerCase(Locale.ROOT) + " already (by "
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
        boolean approve = state == ProposalState.APPROVED;
        String action = approve ? "approve" : "reject";
        String detail = approve ? "takes effect for periods from " + p.effectiveFrom() : reason;
        record(
                actor,
                action,
                subject(p),
                approve ? "approved" : "rejected",
                detail + "; proposed by "
                        + p.proposedBy() + " (person " + proposers.get(p.id()).person() + "), content sha256 "
                        + p.contentSha256());
        append(now, actor, action, subject(p), detail, data);
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

    /**
     * A refused attempt is audited too (who tried what, and why it was refused), in the log and in the trail. The
     * attempt is refused either way; a trail that cannot record it is a storage failure, said as such.
     */
    private void deny(Actor actor, String action, String subject, String why) throws GovernanceException {
        record(actor, action, subject, "denied", why);
        append(clock.instant(), actor, "denied:" + action, subject, why, JSON.createObjectNode());
    }

    /** The step in the hub's audit trail, before it is taken; a trail that refuses stops the step. */
    private void record(Actor actor, String action, String subject, String outcome, String detail)
            throws GovernanceException {
        AuditTrail t = trail;
        if (t == null) {
            return;
        }
        try {
            t.append(
                    actor.name(),
                    CHANNEL,
                    "policy." + action,
                    subject,
                    outcome,
                    "person " + actor.person() + "; roles " + new TreeSet<>(actor.roles()) + "; " + detail);
        } catch (AuditException | RuntimeException e) {
            throw new GovernanceException(
                    Reason.STORAGE,
                    "the audit trail refused to record " + action + " of " + subject + " by " + actor.name()
                            + ", so it was not done: " + e.getMessage(),
                    e);
        }
    }

    /** One account is always one person, whatever person a log entry written before persons were recorded gives. */
    private static boolean samePerson(Actor a, Actor b) {
        return a.samePerson(b) || a.name().equals(b.name());
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
        return PolicyProposal.inForce(proposals.values(), policyId, at);
    }

    @Override
    public synchronized Optional<PolicyProposal> approved(String policyId, int version) {
        return PolicyProposal.approved(proposals.values(), policyId, version);
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

    // ------------------------------------------------------------------ the log

    private void append(Instant at, Actor actor, String action, String subject, String detail, ObjectNode data)
            throws GovernanceException {
        ObjectNode e = JSON.createObjectNode();
        long seq = audit.size() + 1L;
        e.put("seq", seq);
        e.put("at", at.toString());
        e.put("actor", actor.name());
        e.put("person", actor.person());
        ArrayNode roles = e.putArray("roles");
        new TreeSet<>(actor.roles()).forEach(roles::add);
        e.put("action", action);
        e.put("subject", subject);
        e.put("detail", detail);
        e.set("data", data);
        e.put("prev", lastHash);
        String hash = hash(lastHash, e);
        e.put("hash", hash);
        try {
            Files.writeString(
                    file,
                    JSON.writeValueAsString(e) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException x) {
            throw new GovernanceException(
                    Reason.STORAGE, "cannot write the audit log " + file + ": " + x.getMessage(), x);
        }
        audit.add(new AuditEntry(seq, at, actor.name(), action, subject, detail, lastHash, hash));
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
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
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
                throw new GovernanceException(
                        Reason.STORAGE, file + ":" + n + ": not an audit entry: " + x.getMessage());
            }
            JsonNode h = e.remove("hash");
            if (h == null
                    || !prev.equals(e.path("prev").asText())
                    || !h.asText().equals(hash(prev, e))) {
                throw new GovernanceException(
                        Reason.STORAGE,
                        file + ":" + n + ": the audit log's hash chain is "
                                + "broken here (an entry was changed, removed or inserted)");
            }
            e.set("hash", h);
            prev = h.asText();
            out.add(e);
        }
        return out;
    }

    /**
     * The actor of a log entry. Entries written before persons and roles were recorded name the account only: its
     * person is then the account name, and its roles were checked when the step was taken.
     */
    private static Actor actorOf(ObjectNode e) {
        Set<String> roles = new TreeSet<>();
        e.path("roles").forEach(r -> roles.add(r.asText()));
        return new Actor(e.get("actor").asText(), roles, e.path("person").asText(null));
    }

    private GovernanceException broken(ObjectNode e, String why) {
        return new GovernanceException(
                Reason.STORAGE,
                file + ": entry " + e.path("seq").asText() + " breaks the "
                        + "governance rules, so the log cannot be trusted: " + why);
    }

    private void replay() throws GovernanceException {
        List<String> lines;
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            int end = text.lastIndexOf('\n') + 1;
            if (end < text.length()) {
                // A write cut short by a crash: the step was never acknowledged. Keep the log up to the last
                // complete entry, so the next step appends after it.
                LOG.warn(
                        "{}: dropping an incomplete last entry ({} bytes) left by an interrupted write",
                        file,
                        text.length() - end);
                try (var ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
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
                Actor actor = actorOf(e);
                if (action.equals("propose")) {
                    PolicyProposal p = new PolicyProposal(
                            d.get("id").asLong(),
                            d.get("policyId").asText(),
                            d.get("version").asInt(),
                            d.get("content").asText(),
                            d.get("contentSha256").asText(),
                            actor.name(),
                            at,
                            Instant.parse(d.get("effectiveFrom").asText()),
                            ProposalState.PROPOSED,
                            null,
                            null,
                            null);
                    if (e.has("roles") && PROPOSING_ROLES.stream().noneMatch(actor::has)) {
                        throw broken(
                                e,
                                actor.name() + " proposed " + p.ref() + " without a role to propose (needs "
                                        + "one of " + new TreeSet<>(PROPOSING_ROLES) + ", has "
                                        + new TreeSet<>(actor.roles())
                                        + ")");
                    }
                    proposals.put(p.id(), p);
                    proposers.put(p.id(), actor);
                } else if (action.equals("approve") || action.equals("reject")) {
                    long id = d.get("proposal").asLong();
                    PolicyProposal p = proposals.get(id);
                    if (p == null || p.state() != ProposalState.PROPOSED) {
                        throw broken(
                                e,
                                action + " of proposal " + id + ", which is "
                                        + (p == null
                                                ? "not proposed before"
                                                : p.state().name().toLowerCase(Locale.ROOT)));
                    }
                    if (e.has("roles") && !actor.has(Actor.GOVERNANCE_LEAD)) {
                        throw broken(
                                e,
                                actor.name() + " decided " + subject(p) + " without the role " + Actor.GOVERNANCE_LEAD
                                        + " (has " + new TreeSet<>(actor.roles()) + ")");
                    }
                    Actor proposer = proposers.get(id);
                    if (samePerson(actor, proposer)) {
                        throw broken(
                                e,
                                actor.name() + " decided " + subject(p) + ", which " + proposer.name()
                                        + " proposed: the same person (" + actor.person() + "), against the two-person "
                                        + "rule");
                    }
                    proposals.put(
                            p.id(),
                            p.decided(
                                    action.equals("approve") ? ProposalState.APPROVED : ProposalState.REJECTED,
                                    actor.name(),
                                    at,
                                    d.hasNonNull("reason") ? d.get("reason").asText() : null));
                }
                audit.add(new AuditEntry(
                        e.get("seq").asLong(),
                        at,
                        actor.name(),
                        action,
                        e.get("subject").asText(),
                        e.path("detail").asText(null),
                        e.get("prev").asText(),
                        e.get("hash").asText()));
                lastHash = e.get("hash").asText();
            } catch (GovernanceException x) {
                throw x;
            } catch (RuntimeException x) {
                throw new GovernanceException(
                        Reason.STORAGE, file + ": entry " + e.path("seq").asText() + " cannot be replayed: " + x, x);
            }
        }
    }
}
