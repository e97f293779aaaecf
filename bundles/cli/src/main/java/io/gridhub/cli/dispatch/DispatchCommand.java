package io.gridhub.cli.dispatch;

import io.gridhub.api.dispatch.Scenario;
import io.gridhub.cli.Tool;
import io.gridhub.dispatch.common.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./gridhub dispatch --scenario FILE.json --plan OUT.json [--export-model OUT.mps]}. */
@Command(
        name = "dispatch",
        mixinStandardHelpOptions = true,
        description = {
            "Plans a community's batteries, EVs, flexible loads and PV curtailment for least cost within "
                    + "grid and contract limits (LP; a MILP where an EV asks for a minimum power).",
            "Scenario format: docs/dispatch.md and docs/dispatch-scenario.schema.json.",
            "Exit codes: 0 plan written; 2 unusable input (the line says where); 3 infeasible: the plan that "
                    + "breaks the fewest limits (status RELAXED) was written and the line names the constraint "
                    + "group; 1 other failure."
        })
public final class DispatchCommand implements Callable<Integer> {
    /** The strategy it runs, found on the class path by name (gridhub-dispatch-lp). */
    static final String OPTIMIZER = "lp-optimizer";
    /** The exit code of an infeasible scenario (the fallback plan is written). */
    static final int INFEASIBLE = 3;

    @Option(names = "--scenario", required = true, paramLabel = "FILE.json", description = "The scenario to plan.")
    Path scenario;

    @Option(names = "--plan", required = true, paramLabel = "OUT.json", description = "Where to write the plan.")
    Path plan;

    @Option(
            names = "--export-model",
            paramLabel = "OUT.mps",
            description = "Also write the model solved (MPS, free format) for re-solving with another solver.")
    Path exportModel;

    @Mixin
    Tool tool;

    @Override
    public Integer call() {
        Scenario s;
        try {
            s = ScenarioReader.read(scenario);
        } catch (ScenarioException e) {
            return tool.fail(Tool.UNUSABLE, e.getMessage());
        }
        Optimizer.Outcome o;
        try {
            o = Optimizer.load(OPTIMIZER).optimize(s, exportModel != null);
        } catch (IllegalArgumentException e) {
            return tool.fail(Tool.UNUSABLE, scenario + ": " + e.getMessage());
        }
        try {
            PlanWriter.write(o, plan);
            if (exportModel != null) {
                Files.writeString(exportModel, o.mps());
            }
        } catch (IOException e) {
            return tool.fail(Tool.FAILED, "cannot write: " + e.getMessage());
        }
        var e = o.plan().explanation();
        if (o.objective() == null) {
            return tool.fail(INFEASIBLE, e.summary());
        }
        tool.out()
                .printf(
                        Locale.ROOT,
                        "%s: objective %.6f EUR (%s, %d variables, %d constraints, build %d ms, "
                                + "solve %d ms); uncoordinated %.2f EUR, saves %.2f EUR; plan %s%s%n",
                        e.status(),
                        o.objective(),
                        o.solver(),
                        o.variables(),
                        o.constraints(),
                        o.buildMillis(),
                        o.solveMillis(),
                        e.baselineCostEur(),
                        e.savingsEur(),
                        plan,
                        exportModel == null ? "" : ", model " + exportModel);
        tool.out().flush();
        return 0;
    }
}
