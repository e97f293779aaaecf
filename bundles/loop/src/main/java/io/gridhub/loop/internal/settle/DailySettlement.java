package io.gridhub.loop.internal.settle;

import io.gridhub.api.event.HubEvents;
import io.gridhub.api.event.Severity;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.governance.ProposalState;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import io.gridhub.api.settlement.InvalidInputException;
import io.gridhub.api.settlement.SettlementDiff;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementInput;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.settlement.SettlementService;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The Settle stage of the operating loop: settles one local day of a community from the meter data in the store
 * with the approved allocation policy in force at the day's start, and records it in the settlement ledger.
 *
 * <ul>
 * <li>No approved policy in force: nothing is settled; a warning event says what is missing and how to fix it.</li>
 * <li>A member-interval without data counts as 0 kWh and makes the day <em>provisional</em> ({@code DEGRADED}; the
 * run's first note begins with {@link SettlementRun#PROVISIONAL} and names who misses how much).</li>
 * <li>{@link #correctProvisional} settles a day of the last {@code lookbackDays} again when its data changed
 * (typically: the missing data arrived), as the next version of its period, so the statements show the change.</li>
 * <li>Unchanged data and policy: no new version.</li>
 * </ul>
 *
 * Plain class: the loop component constructs it and calls it once a day. Its methods never throw.
 */
public final class DailySettlement {
    /** The source of the events it raises. */
    public static final String SOURCE = "loop.settle";
    /** A provisional note names at most this many members by name. */
    private static final int NOTE_MEMBERS = 40;

    private final TimeSeriesStore store;
    private final SettlementService settlement;
    private final SettlementLedger ledger;
    private final PolicyGovernance governance;
    private final HubEvents events;
    private final Clock clock;
    private final Settings settings;
    /** The guard rails and shadow of the allocators; null: the settlement service runs its allocator itself. */
    private final AllocationStrategies allocators;

    /**
     * What to settle with.
     *
     * @param zone                 the community's local time: a day is settled from its local midnight to the next
     * @param interval             the settlement interval when the policy sets no {@code resolutionMinutes} (its
     *                             resolution wins; §42c EnWG without one: 15 minutes)
     * @param method               the allocation method; empty: the one the approved policy names
     * @param policyId             the governed policy to settle with; {@code {community}} stands for the community's
     *                             id (the demo's {@code demo-priority} is {@code {community}-priority})
     * @param importPriceEurPerKWh flat import price, null for none (sharing keys then value energy at 0 EUR)
     * @param exportPriceEurPerKWh flat export price, null for 0
     * @param lookbackDays         how many past days {@link #correctProvisional} looks at; 0 turns corrections off
     */
    public record Settings(
            ZoneId zone,
            Duration interval,
            String method,
            String policyId,
            Double importPriceEurPerKWh,
            Double exportPriceEurPerKWh,
            int lookbackDays) {
        public static final String DEFAULT_POLICY = "{community}-priority";

        public Settings {
            zone = zone == null ? ZoneOffset.UTC : zone;
            interval = interval == null ? Duration.ofMinutes(30) : interval;
            method = method == null ? "" : method.strip();
            policyId = policyId == null || policyId.isBlank() ? DEFAULT_POLICY : policyId.strip();
            if (interval.isNegative()
                    || interval.isZero()
                    || interval.toSeconds() % 60 != 0
                    || Duration.ofDays(1).toSeconds() % interval.toSeconds() != 0) {
                throw new IllegalArgumentException(
                        "settlement interval must be whole minutes dividing a day, got " + interval);
            }
            if (lookbackDays < 0) {
                throw new IllegalArgumentException("lookbackDays must be ≥ 0, got " + lookbackDays);
            }
        }

        /** UTC, 30 minutes, the policy's method, {@code {community}-priority}, 0.30 / 0.08 EUR/kWh, 7 days back. */
        public static Settings defaults() {
            return new Settings(ZoneOffset.UTC, Duration.ofMinutes(30), "", DEFAULT_POLICY, 0.30, 0.08, 7);
        }

        /** The policy id for a community. */
        public String policyIdOf(String community) {
            return policyId.replace("{community}", community);
        }
    }

    public DailySettlement(
            TimeSeriesStore store,
            SettlementService settlement,
            SettlementLedger ledger,
            PolicyGovernance governance,
            HubEvents events,
            Clock clock,
            Settings settings) {
        this(store, settlement, ledger, governance, events, clock, settings, null);
    }

    /** With the allocators' guard rails and shadow ({@code allocators} null: without). */
    public DailySettlement(
            TimeSeriesStore store,
            SettlementService settlement,
            SettlementLedger ledger,
            PolicyGovernance governance,
            HubEvents events,
            Clock clock,
            Settings settings,
            AllocationStrategies allocators) {
        this.allocators = allocators;
        this.store = Objects.requireNonNull(store, "store");
        this.settlement = Objects.requireNonNull(settlement, "settlement");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.governance = Objects.requireNonNull(governance, "governance");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The local day before today: the one the daily run settles. */
    public LocalDate yesterday() {
        return LocalDate.now(clock.withZone(settings.zone())).minusDays(1);
    }

    /**
     * Settles the given local day of a community (again, when its data or policy changed since the last version);
     * never throws. OK, DEGRADED (provisional), SKIPPED (day not over, no meter data, no approved policy — the
     * last also raises a warning event) or FAILED (store, ledger or input trouble; also an event).
     */
    public synchronized StageRun settle(Community community, LocalDate day, long cycle) {
        Instant start = clock.instant();
        return attempt(community, day, false).stageRun(cycle, start, clock.instant());
    }

    /**
     * The daily run: settles {@code day} (normally {@link #yesterday()}), then {@link #correctProvisional} the days
     * before; the day's StageRun first. Never throws.
     */
    public synchronized List<StageRun> settleAndCorrect(Community community, LocalDate day, long cycle) {
        List<StageRun> out = new ArrayList<>();
        out.add(settle(community, day, cycle));
        out.addAll(correctProvisional(community, cycle));
        return out;
    }

    /**
     * Looks at each of the last {@code lookbackDays} days (yesterday included, oldest first) and settles it again
     * when its meter data changed since its latest version — typically a provisional day whose missing data has
     * arrived — or settles it for the first time when it never was (the hub was down at the daily run) and now has
     * data and an approved policy. Returns one StageRun per day settled or failed; days with nothing to do are left
     * out and raise no event (the daily {@link #settle} does that). Never throws.
     */
    public synchronized List<StageRun> correctProvisional(Community community, long cycle) {
        List<StageRun> out = new ArrayList<>();
        LocalDate today = LocalDate.now(clock.withZone(settings.zone()));
        for (int k = settings.lookbackDays(); k >= 1; k--) {
            Instant start = clock.instant();
            Attempt a = attempt(community, today.minusDays(k), true);
            if (a.appended() || a.outcome() == StageOutcome.FAILED) {
                out.add(a.stageRun(cycle, start, clock.instant()));
            }
        }
        return out;
    }

    /** What one attempt came to; {@code appended} when it recorded a new version. */
    private record Attempt(StageOutcome outcome, String reason, String strategy, String version, boolean appended) {
        StageRun stageRun(long cycle, Instant start, Instant end) {
            return new StageRun(
                    LoopStage.SETTLE, cycle, start, Duration.between(start, end), outcome, reason, strategy, version);
        }
    }

    private Attempt attempt(Community community, LocalDate day, boolean quiet) {
        String c = community.id();
        try {
            return attemptOrThrow(community, day, quiet);
        } catch (StoreException e) {
            return failed(c, day, "cannot read the meter data from the store: " + e.getMessage(), quiet);
        } catch (SettlementException e) {
            return failed(c, day, "the settlement ledger failed: " + e.getMessage(), quiet);
        } catch (InvalidInputException e) {
            return failed(c, day, "the settlement refused the input: " + e.getMessage(), quiet);
        } catch (RuntimeException e) {
            return failed(c, day, e.getClass().getSimpleName() + ": " + e.getMessage(), quiet);
        }
    }

    private Attempt attemptOrThrow(Community community, LocalDate day, boolean quiet)
            throws StoreException, SettlementException, InvalidInputException {
        String c = community.id();
        ZoneId zone = settings.zone();
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        if (to.isAfter(clock.instant())) {
            return skipped(day + " (" + zone + ") is not over yet: it ends " + to);
        }
        String policyId = settings.policyIdOf(c);
        Optional<PolicyProposal> inForce = governance.inForce(policyId, from);
        if (inForce.isEmpty()) {
            String why = "not settled " + day + ": no approved version of allocation policy " + policyId
                    + " is in force at " + from + " (the day's start in " + zone + "); " + whyNoPolicy(policyId, from);
            if (!quiet) {
                raise(c, why);
            }
            return skipped(why);
        }
        PolicyProposal policy = inForce.get();
        PolicyRef ref = new PolicyRef(policy.policyId(), policy.version());
        PolicyFacts facts = PolicyFacts.of(policy.content());
        String method = settings.method().isEmpty() ? facts.method() : settings.method();
        if (method == null) {
            return failed(
                    c,
                    day,
                    "policy " + ref + " names no method: add one to the policy (a new version) or set "
                            + "the loop's settlementMethod",
                    quiet);
        }
        Duration step = facts.resolutionMinutes() != null
                ? Duration.ofMinutes(facts.resolutionMinutes())
                : "enwg42c".equals(method) ? Duration.ofMinutes(15) : settings.interval();
        List<MeterDay.Metered> metered = MeterDay.metered(community);
        if (metered.isEmpty()) {
            return failed(c, day, "no member of " + c + " has a meter asset (kind METER) to settle from", quiet);
        }
        MeterDay data = MeterDay.read(store, metered, from, to, step);
        if (!data.any()) {
            return new Attempt(
                    StageOutcome.SKIPPED,
                    "not settled " + day + ": the store has no meter data for it (" + metered.size()
                            + " members, points like " + metered.get(0).points().get(0) + ")",
                    method,
                    ref.toString(),
                    false);
        }
        String period = from + "/" + to;
        Optional<SettlementRun> latest = ledger.latest(c, period);
        if (latest.isPresent()
                && latest.get().policy().equals(ref)
                && latest.get().method().equals(method)
                && data.sameAs(latest.get().inputs())) {
            SettlementRun l = latest.get();
            return new Attempt(
                    l.provisional() ? StageOutcome.DEGRADED : StageOutcome.OK,
                    day
                            + " already settled as v" + l.version() + " with " + ref + ", meter data unchanged"
                            + (l.provisional() ? "; still provisional: " + data.gaps(3) : ""),
                    method,
                    ref.toString(),
                    false);
        }
        List<String> notes = new ArrayList<>();
        if (!data.complete()) {
            notes.add(SettlementRun.PROVISIONAL + "meter data of " + day + " is incomplete: " + data.gaps(NOTE_MEMBERS)
                    + " (counted as 0 kWh); the day is settled again as the next version when the data arrives");
        }
        notes.add("settled by the operating loop from the store: " + step.toMinutes() + "-minute averages of each "
                + "member's meter points (" + c + ".<meter>.p, W, + import) over " + day + " in " + zone);
        SettlementInput input = new SettlementInput(
                c,
                method,
                "meters of " + c + " " + day,
                data.csv(),
                null,
                null,
                settings.importPriceEurPerKWh(),
                settings.importPriceEurPerKWh() == null ? null : settings.exportPriceEurPerKWh(),
                null,
                null,
                policyId,
                notes);
        SettlementRun run;
        List<String> strategyNotes = List.of();
        if (allocators == null) {
            run = settlement.settle(input);
        } else {
            AllocationStrategies.Run allocation = allocators.run();
            run = settlement.settle(input, allocation);
            allocators.keep(allocation, run, clock.instant());
            strategyNotes = allocation.notes();
        }
        return settled(day, run, latest.orElse(null), data, strategyNotes);
    }

    private Attempt settled(
            LocalDate day, SettlementRun run, SettlementRun previous, MeterDay data, List<String> strategyNotes) {
        double shared =
                run.lines().stream().mapToDouble(AllocationLine::allocatedWh).sum() / 1000;
        double value =
                run.lines().stream().mapToDouble(AllocationLine::valueEur).sum();
        double generated =
                run.inputs().stream().mapToDouble(MeterInterval::generationWh).sum() / 1000;
        StringBuilder r = new StringBuilder();
        if (previous == null) {
            r.append("settled ")
                    .append(day)
                    .append(" for ")
                    .append(data.members().size())
                    .append(" members");
        } else {
            r.append("settled ")
                    .append(day)
                    .append(" again as v")
                    .append(run.version())
                    .append(" (against v")
                    .append(previous.version())
                    .append(')');
        }
        r.append(" with ")
                .append(run.policy())
                .append(": ")
                .append(kWh(shared))
                .append(" kWh shared of ")
                .append(kWh(generated))
                .append(" kWh generated, ")
                .append(String.format(Locale.ROOT, "%.2f", value))
                .append(" EUR");
        if (previous != null) {
            SettlementDiff d = SettlementDiff.between(previous, run);
            double before = previous.lines().stream()
                            .mapToDouble(AllocationLine::allocatedWh)
                            .sum()
                    / 1000;
            r.append("; ")
                    .append(d.lines().size())
                    .append(" member-intervals changed, shared ")
                    .append(kWh(before))
                    .append(" → ")
                    .append(kWh(shared))
                    .append(" kWh");
        }
        if (!data.complete()) {
            r.append("; provisional: ").append(data.gaps(3));
        } else if (previous != null && previous.provisional()) {
            r.append("; data now complete");
        }
        strategyNotes.forEach(n -> r.append("; ").append(n));
        if (!strategyNotes.isEmpty()) {
            r.append("; allocated by ").append(run.strategy());
        }
        return new Attempt(
                data.complete() && strategyNotes.isEmpty() ? StageOutcome.OK : StageOutcome.DEGRADED,
                r.toString(),
                run.method(),
                run.policy().toString(),
                true);
    }

    private static String kWh(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Why no version of the policy is in force, and what would fix it. */
    private String whyNoPolicy(String policyId, Instant dayStart) {
        List<PolicyProposal> all = governance.proposals().stream()
                .filter(p -> p.policyId().equals(policyId))
                .sorted(Comparator.comparingInt(PolicyProposal::version))
                .toList();
        String propose = "propose it (POST /api/v1/governance/proposals with an effectiveFrom at or before "
                + dayStart + ") and have a governance lead approve it, or set the loop's settlementPolicy to the id "
                + "of an approved policy";
        if (all.isEmpty()) {
            return "it was never proposed: " + propose;
        }
        Optional<PolicyProposal> pending =
                all.stream().filter(p -> p.state() == ProposalState.PROPOSED).reduce((a, b) -> b);
        if (pending.isPresent()) {
            PolicyProposal p = pending.get();
            return "proposal " + p.id() + " (" + p.ref() + ", by " + p.proposedBy() + ") waits for a governance "
                    + "lead's approval: POST /api/v1/governance/proposals/" + p.id() + "/approve";
        }
        Optional<PolicyProposal> later =
                all.stream().filter(p -> p.state() == ProposalState.APPROVED).reduce((a, b) -> b);
        if (later.isPresent()) {
            PolicyProposal p = later.get();
            return p.ref() + " is approved but takes effect only from " + p.effectiveFrom() + ": propose a version "
                    + "effective at or before " + dayStart + " to settle this day";
        }
        PolicyProposal last = all.get(all.size() - 1);
        return "every proposal was rejected (last: " + last.ref() + ", "
                + (last.reason() == null ? "no reason" : last.reason()) + "): "
                + propose.replace("propose it", "propose a new version");
    }

    private static Attempt skipped(String reason) {
        return new Attempt(StageOutcome.SKIPPED, reason, "", "", false);
    }

    private Attempt failed(String c, LocalDate day, String why, boolean quiet) {
        String reason = "settling " + day + " failed: " + why;
        if (!quiet) {
            raise(c, reason);
        }
        return new Attempt(StageOutcome.FAILED, reason, "", "", false);
    }

    /** A warning event; an events service that fails must not turn the stage's outcome into an exception. */
    private void raise(String c, String message) {
        try {
            events.raise(c, SOURCE, Severity.WARNING, c, c + ": " + message);
        } catch (RuntimeException e) {
            // The stage's reason carries the same sentence; the loop reports it.
        }
    }
}
