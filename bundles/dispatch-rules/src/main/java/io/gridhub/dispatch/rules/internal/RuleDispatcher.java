package io.gridhub.dispatch.rules.internal;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.dispatch.rules.internal.RulePlanner.Mode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The rule-based dispatch strategy: a safe plan without a solver (see {@link RulePlanner}). The hub falls back to
 * it when an optimizer fails; it can also be made the active strategy.
 */
@Component(service = {Dispatcher.class, Strategy.class})
public final class RuleDispatcher implements Dispatcher {
    public static final String NAME = "rules";
    private final Clock clock;

    @Activate
    public RuleDispatcher() {
        this(Clock.systemUTC());
    }

    public RuleDispatcher(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Plan plan(Scenario scenario) {
        return safePlan(new ScenarioView(scenario), clock, NAME, "RULES", null);
    }

    /**
     * The safe rule plan, explained. {@code why} (nullable) says why rules were used instead of an optimizer; it
     * leads the summary.
     */
    public static Plan safePlan(ScenarioView v, Clock clock, String strategy, String status, String why) {
        RulePlanner.RulePlan safe = RulePlanner.plan(v, Mode.SAFE);
        PlanEvaluator.Result r = PlanEvaluator.evaluate(v, safe.setpointsW());
        PlanEvaluator.Result base =
                PlanEvaluator.evaluate(v, RulePlanner.plan(v, Mode.BASELINE).setpointsW());
        List<String> notes = new ArrayList<>(safe.notes());
        r.violations().stream()
                .map(PlanEvaluator.Violation::constraint)
                .distinct()
                .forEach(c -> notes.add("still over: " + c));
        String summary = (why == null ? "" : why + "; ")
                + String.format(
                        Locale.ROOT,
                        "rule-based plan: batteries on self-consumption, EVs and flexible loads as early as limits allow, "
                                + "PV curtailed only to keep export limits; cost %.2f EUR vs %.2f EUR uncoordinated",
                        r.costEur(),
                        base.standaloneCostEur());
        Explanation e = new Explanation(
                summary, r.costEur(), base.standaloneCostEur(), notes, status, List.of(), PlanFactory.series(r));
        double[] value = v.importPrice;
        return PlanFactory.plan(
                v,
                strategy,
                clock.instant(),
                safe.setpointsW(),
                value,
                t -> "keeps a feeder, transformer or the connection within its export limit",
                e);
    }
}
