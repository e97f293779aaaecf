package io.gridhub.cli.allocate;

import io.gridhub.allocation.internal.data.InputException;
import io.gridhub.allocation.internal.run.Inputs;
import io.gridhub.allocation.internal.run.Method;
import io.gridhub.allocation.internal.run.Outcome;
import io.gridhub.allocation.internal.run.OutputFiles;
import io.gridhub.allocation.internal.run.Runner;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.cli.Tool;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./gridhub allocate}: one allocation or benefit-sharing run over a meter CSV, written as files. Bad
 * input ends with exit code 2 and one line {@code file:line: reason}.
 */
@Command(
        name = "allocate",
        mixinStandardHelpOptions = true,
        description = "Allocate shared energy with a regulated key, or share the community's savings.",
        footer = "%nMeters: CSV timestamp,member,consumption_kWh,generation_kWh. Writes allocation.csv (keys) or "
                + "shares.csv (benefit sharing), run.json and statements/<member>.csv|json. See docs/allocation.md.")
public final class AllocateCommand implements Callable<Integer> {
    @Option(
            names = "--method",
            required = true,
            paramLabel = "METHOD",
            description = "static|dynamic|priority|cacer|enwg42c (keys) or proportional|equal|shapley (savings)")
    String method;

    @Option(names = "--meters", required = true, paramLabel = "FILE.csv", description = "meter data, long format")
    Path meters;

    @Option(
            names = "--policy",
            paramLabel = "FILE.json",
            description = "the allocation policy (id, version, parameters)")
    Path policy;

    @Option(names = "--import-price", paramLabel = "EUR_PER_KWH", description = "flat import price")
    Double importPrice;

    @Option(names = "--export-price", paramLabel = "EUR_PER_KWH", description = "flat export price")
    Double exportPrice;

    @Option(
            names = "--prices",
            paramLabel = "FILE.csv",
            description = "prices timestamp,import_EUR_per_kWh[,export_EUR_per_kWh], each valid until the next")
    Path prices;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created)")
    Path out;

    @Option(names = "--community", defaultValue = "community", description = "community id for the statements")
    String community;

    @Option(
            names = "--exact-max",
            defaultValue = "20",
            description = "largest community for the exact Shapley value (at most 20); beyond it: sampling")
    int exactMax;

    @Option(
            names = "--target-error",
            defaultValue = "0.01",
            description = "sampling stops at this estimated relative error Σ SE_i / Σ |φ_i| (default 1 %%)")
    double targetError;

    @Option(names = "--time-budget", defaultValue = "30", description = "sampling time budget in seconds")
    double timeBudget;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the sampling")
    long seed;

    @Option(
            names = "--ledger",
            paramLabel = "DIR",
            description = "record the run in a durable settlement ledger (embedded Derby in DIR); a re-run of the "
                    + "same period becomes the next version and DIR_OUT/diff.csv shows what changed")
    Path ledger;

    @Mixin
    Tool tool;

    @Override
    public Integer call() {
        Runner.Options options = new Runner.Options(
                Math.min(exactMax, 20), targetError, (long) (timeBudget * 1000), Long.MAX_VALUE, seed);
        Outcome o;
        try {
            o = Inputs.run(
                    method,
                    Inputs.file(meters),
                    policy == null ? null : Inputs.file(policy),
                    importPrice,
                    exportPrice,
                    prices == null ? null : Inputs.file(prices),
                    options);
        } catch (InputException e) {
            return tool.exit(Tool.UNUSABLE, e.getMessage());
        }
        LedgerFiles.Recorded recorded = null;
        if (ledger != null) {
            try {
                recorded = LedgerFiles.record(ledger, o, community);
            } catch (SettlementException | IOException e) {
                return tool.exit(Tool.FAILED, ledger + ": " + e.getMessage());
            }
        }
        try {
            OutputFiles.write(
                    o,
                    community,
                    out,
                    recorded == null
                            ? null
                            : new OutputFiles.Recorded(recorded.run().version(), recorded.diff()));
            if (recorded != null && recorded.diff() != null) {
                LedgerFiles.writeDiff(recorded.diff(), out);
            }
        } catch (IOException e) {
            return tool.exit(Tool.FAILED, out + ": cannot write: " + e.getMessage());
        }
        PrintWriter stdout = tool.out();
        if (recorded != null) {
            var run = recorded.run();
            stdout.printf(
                    Locale.ROOT,
                    "ledger %s: %s %s version %d%s%n",
                    ledger,
                    community,
                    run.period(),
                    run.version(),
                    run.version() > 1
                            ? " (changes against version " + (run.version() - 1) + " in " + out.resolve("diff.csv")
                                    + " and the statements)"
                            : "");
        }
        Method m = o.method();
        stdout.printf(
                Locale.ROOT,
                "allocate %s under %s: %s → %s%n",
                m.id(),
                o.policy().ref(),
                o.table(),
                out.resolve(m.key() ? "allocation.csv" : "shares.csv"));
        Object rel = o.facts().get("relative_error");
        if (rel != null) {
            tool.err()
                    .printf(
                            Locale.ROOT,
                            "shapley sampled: %s permutations, estimated error %.3f %% " + "(Σ SE_i / Σ |φ_i|)%n",
                            o.facts().get("permutations"),
                            100 * (Double) rel);
            tool.err().flush();
        }
        for (String note : o.notes()) {
            stdout.println("note: " + note);
        }
        stdout.flush();
        return 0;
    }
}
