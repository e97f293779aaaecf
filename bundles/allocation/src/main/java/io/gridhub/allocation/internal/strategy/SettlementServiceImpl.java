package io.gridhub.allocation.internal.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.allocation.internal.data.InputException;
import io.gridhub.allocation.internal.data.PolicyJson;
import io.gridhub.allocation.internal.run.Conversions;
import io.gridhub.allocation.internal.run.Inputs;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.settlement.InvalidInputException;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementInput;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementListener;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.settlement.SettlementService;
import io.gridhub.api.strategy.StrategyActivation;
import io.gridhub.api.time.HubClock;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks text input like the CLI, hands the request to the deployed allocation strategy of that name and records
 * the result in the ledger. With governance running, nothing unapproved runs for a community:
 * <ul>
 * <li>a policy given by id runs its approved version in force at the start of the period;</li>
 * <li>a policy given as JSON must be exactly a version a governance lead approved (same JSON tree, layout aside),
 * in force at the start of the period;</li>
 * <li>no policy at all (a method's default policy) is refused: every run goes into the ledger, so there is no
 * ungoverned dry run here (the CLI is the tool for trying policies offline);</li>
 * <li>the allocation strategy's version is the one an approved {@code strategy-allocation-<method>} activation
 * names, or without one the lowest deployed version (a newer bundle is a candidate until approved).</li>
 * </ul>
 * Without governance (plain tests of the allocation itself) any well-formed policy runs with the highest version.
 * Every recorded run is told to the {@link SettlementListener}s (the settlement checks of the anomaly queue).
 */
@Component(service = SettlementService.class)
public final class SettlementServiceImpl implements SettlementService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SettlementLedger ledger;
    private final PolicyGovernance governance;
    private final Clock clock;
    private static final Logger LOG = LoggerFactory.getLogger(SettlementServiceImpl.class);
    private final List<Allocator> allocators = new CopyOnWriteArrayList<>();
    private final List<SettlementListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public SettlementServiceImpl(
            @Reference SettlementLedger ledger, @Reference PolicyGovernance governance, @Reference HubClock time) {
        this(ledger, governance, time.clock());
    }

    /** Governed, on the system clock (outside OSGi). */
    public SettlementServiceImpl(SettlementLedger ledger, PolicyGovernance governance) {
        this(ledger, governance, Clock.systemUTC());
    }

    /**
     * The clock says which strategy activation is in force now. A factory, not a constructor: SCR tries every public
     * constructor of the activation's arity and logs an error for each one it cannot fill.
     */
    public static SettlementServiceImpl on(SettlementLedger ledger, PolicyGovernance governance, Clock clock) {
        return new SettlementServiceImpl(ledger, governance, clock);
    }

    private SettlementServiceImpl(SettlementLedger ledger, PolicyGovernance governance, Clock clock) {
        this.ledger = ledger;
        this.governance = governance;
        this.clock = clock;
    }

    /** Without governance: any well-formed policy runs (tests of the allocation itself). */
    public SettlementServiceImpl(SettlementLedger ledger) {
        this(ledger, null, Clock.systemUTC());
    }

    /** Public so that plain tests of other bundles (the loop's daily settlement) can deploy strategies. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addAllocator(Allocator a) {
        allocators.add(a);
    }

    public void removeAllocator(Allocator a) {
        allocators.remove(a);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addListener(SettlementListener l) {
        listeners.add(l);
    }

    public void removeListener(SettlementListener l) {
        listeners.remove(l);
    }

    @Override
    public SettlementRun settle(SettlementInput in) throws InvalidInputException, SettlementException {
        return settle(in, SettlementServiceImpl::allocate);
    }

    /** The allocation as {@link #settle(SettlementInput)} runs it: the chosen allocator, nothing else. */
    private static AllocationResult allocate(AllocationRequest request, Allocator chosen, List<Allocator> others)
            throws InvalidInputException {
        try {
            return chosen.allocate(request);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    @Override
    public SettlementRun settle(SettlementInput in, Allocation allocation)
            throws InvalidInputException, SettlementException {
        String policyJson = blank(in.policyJson()) ? null : in.policyJson();
        String policyName = in.policyName();
        PolicyProposal governed = null;
        if (!blank(in.policyId())) {
            if (policyJson != null) {
                throw new InvalidInputException("give either a policy or a policyId, not both");
            }
            if (governance == null) {
                throw new InvalidInputException("policyId " + in.policyId() + ": no policy governance is running");
            }
            // The latest approved version first; the one in force at the period's start is chosen below.
            governed = governance
                    .inForce(in.policyId(), Instant.MAX)
                    .orElseThrow(() -> new InvalidInputException(
                            "policy " + in.policyId() + " has no approved version: propose it (POST "
                                    + "/api/v1/governance/proposals) and have a governance lead approve it"));
            policyJson = governed.content();
            policyName = "policy " + governed.ref();
        } else if (policyJson == null && governance != null) {
            throw new InvalidInputException("method " + in.method() + " without a policy: every run is recorded in "
                    + "the ledger, so it needs an approved policy: give its policyId (or the approved policy "
                    + "itself); a method's default policy is not used for a community (try it offline with "
                    + "./gridhub allocate)");
        }
        Inputs.Parsed p = parse(in, policyName, policyJson);
        Instant start = p.table().start(0);
        String period = p.table().period();
        List<String> governanceNotes = new ArrayList<>();
        if (governed != null) {
            PolicyProposal inForce = governance
                    .inForce(in.policyId(), start)
                    .orElseThrow(() -> new InvalidInputException("no approved version of policy " + in.policyId()
                            + " is in force at " + start + ", the start of the period " + period));
            if (inForce.version() != governed.version()) {
                governed = inForce;
                p = parse(in, "policy " + inForce.ref(), inForce.content());
            }
        } else if (policyJson != null && governance != null) {
            governed = approvedOrRefuse(
                    policyName,
                    policyJson,
                    p.policy().ref().id(),
                    p.policy().ref().version(),
                    start);
        }
        if (governed != null) {
            governanceNotes.add("policy " + governed.ref() + " approved by " + governed.decidedBy() + " at "
                    + governed.decidedAt() + " (proposal " + governed.id() + " by " + governed.proposedBy()
                    + ", content sha256 " + governed.contentSha256() + "), in force from "
                    + governed.effectiveFrom());
        }
        return run(in, p, governanceNotes, allocation);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Inputs.Parsed parse(SettlementInput in, String policyName, String policyJson)
            throws InvalidInputException {
        try {
            return Inputs.parse(
                    in.method(),
                    Inputs.text(in.metersName(), in.metersCsv()),
                    policyJson == null ? null : Inputs.text(policyName, policyJson),
                    in.importPrice(),
                    in.exportPrice(),
                    blank(in.pricesCsv()) ? null : Inputs.text(in.pricesName(), in.pricesCsv()));
        } catch (InputException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /** The approved proposal of exactly this policy text, in force at {@code start}; else a clear refusal. */
    private PolicyProposal approvedOrRefuse(String name, String json, String id, int version, Instant start)
            throws InvalidInputException {
        String ref = id + "@v" + version;
        Optional<PolicyProposal> approved = governance.approved(id, version);
        if (approved.isEmpty()) {
            String state = governance.proposals().stream()
                    .filter(x -> x.policyId().equals(id) && x.version() == version)
                    .findFirst()
                    .map(x -> "proposal " + x.id() + " is " + x.state().name().toLowerCase(Locale.ROOT))
                    .orElse("it was never proposed");
            throw new InvalidInputException(name + ": policy " + ref + " is not approved (" + state + "); a policy "
                    + "takes effect only after a governance lead approves it (POST /api/v1/governance/proposals)");
        }
        PolicyProposal a = approved.get();
        if (!PolicyJson.sameContent(a.content(), json)) {
            throw new InvalidInputException(name + ": differs from the approved " + ref + " (proposal " + a.id()
                    + "): a change is a new version to propose");
        }
        if (a.effectiveFrom().isAfter(start)) {
            throw new InvalidInputException(name + ": " + ref + " takes effect " + a.effectiveFrom()
                    + ", after the start of the period " + start);
        }
        return a;
    }

    /**
     * The allocation strategy that may run a method: ungoverned the highest version deployed; governed the version
     * an approved activation names, else the lowest deployed (a newer one is a candidate until approved).
     */
    private Allocator allocator(String method, List<String> governanceNotes) throws InvalidInputException {
        Comparator<Allocator> byVersion =
                Comparator.comparing(Allocator::version, SettlementServiceImpl::compareVersions);
        List<Allocator> deployed = allocators.stream()
                .filter(x -> x.name().equals(method))
                .sorted(byVersion)
                .toList();
        if (deployed.isEmpty()) {
            throw new InvalidInputException(
                    "no allocation strategy '" + method + "' is deployed (deployed: " + methods() + ")");
        }
        if (governance == null) {
            return deployed.get(deployed.size() - 1);
        }
        String policyId = StrategyActivation.allocationPolicyId(method);
        Optional<PolicyProposal> activation = governance.inForce(policyId, clock.instant());
        if (activation.isEmpty()) {
            Allocator first = deployed.get(0);
            List<String> candidates = deployed.stream()
                    .map(Allocator::version)
                    .filter(v -> compareVersions(v, first.version()) != 0)
                    .distinct()
                    .toList();
            if (!candidates.isEmpty()) {
                governanceNotes.add("allocation strategy " + method + " " + first.version() + "; deployed "
                        + candidates + " are candidates until a " + StrategyActivation.KIND + " policy " + policyId
                        + " is approved");
            }
            return first;
        }
        String version = strategyVersion(activation.get());
        PolicyProposal a = activation.get();
        Allocator approved = deployed.stream()
                .filter(x -> x.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("allocation strategy " + method + " " + version
                        + " is the approved one (" + a.ref() + ", proposal " + a.id() + ") but is not deployed "
                        + "(deployed: "
                        + deployed.stream().map(Allocator::version).toList() + ")"));
        governanceNotes.add("allocation strategy " + method + " " + version + " activated by " + a.ref()
                + " (approved by " + a.decidedBy() + " at " + a.decidedAt() + ")");
        return approved;
    }

    private static String strategyVersion(PolicyProposal activation) throws InvalidInputException {
        try {
            JsonNode v = JSON.readTree(activation.content()).get("strategyVersion");
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        } catch (IOException e) {
            // said below
        }
        throw new InvalidInputException(
                activation.ref() + ": an approved strategy activation without " + "strategyVersion");
    }

    private SettlementRun run(SettlementInput in, Inputs.Parsed p, List<String> governanceNotes, Allocation allocation)
            throws InvalidInputException, SettlementException {
        Allocator a = allocator(p.method().id(), governanceNotes);
        List<Allocator> others = allocators.stream()
                .filter(x -> x.name().equals(a.name()) && x != a)
                .sorted(Comparator.comparing(Allocator::version, SettlementServiceImpl::compareVersions)
                        .reversed())
                .toList();
        AllocationRequest request = new AllocationRequest(
                in.communityId(), p.policy().ref(), Conversions.intervals(p.table()), p.policy(), p.prices());
        AllocationResult r = allocation.allocate(request, a, others);
        List<String> notes = new ArrayList<>(in.notes());
        notes.addAll(p.notes());
        notes.addAll(governanceNotes);
        notes.addAll(r.notes());
        SettlementRun recorded = ledger.append(new SettlementRun(
                in.communityId(),
                p.table().period(),
                0,
                null,
                p.method().id(),
                r.strategy(),
                r.policy(),
                request.meters(),
                r.lines(),
                r.shares(),
                notes));
        for (SettlementListener l : listeners) {
            try {
                l.settled(recorded);
            } catch (RuntimeException e) {
                LOG.warn(
                        "a settlement listener failed on {} {}: {}",
                        recorded.communityId(),
                        recorded.period(),
                        e.toString());
            }
        }
        return recorded;
    }

    @Override
    public List<String> methods() {
        return allocators.stream().map(Allocator::name).distinct().sorted().toList();
    }

    /** Semantic versions compared numerically, part by part. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int k = 0; k < Math.max(x.length, y.length); k++) {
            int p = k < x.length ? parse(x[k]) : 0;
            int q = k < y.length ? parse(y[k]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
