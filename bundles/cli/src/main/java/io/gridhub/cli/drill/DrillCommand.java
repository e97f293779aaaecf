package io.gridhub.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.cli.Tool;
import io.gridhub.cli.dispatch.ScenarioException;
import io.gridhub.cli.dispatch.ScenarioReader;
import io.gridhub.drill.DrillEngine;
import io.gridhub.drill.DrillReader;
import io.gridhub.drill.DrillReport;
import io.gridhub.drill.DrillSpec;
import io.gridhub.drill.ReportHtml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./gridhub drill --scenario FILE.json [--runs N] [--report OUT.html] [--json OUT.json]}. */
@Command(
        name = "drill",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a what-if drill (grid outage, feeder or transformer contingency, price spike, device loss, forecast "
                    + "error) over a dispatch scenario: critical-load survival and energy not served (P10/P50/P90, "
                    + "per member and community), the battery reserve to hold, a pre-charge plan and the shed order.",
            "Drill format: docs/drills.md and docs/drill-scenario.schema.json; examples in config/drills/.",
            "Exit codes: 0 report written; 2 unusable input (the line says where); 1 other failure."
        })
public final class DrillCommand implements Callable<Integer> {
    @Option(names = "--scenario", required = true, paramLabel = "FILE.json", description = "The drill to run.")
    Path drill;

    @Option(names = "--runs", paramLabel = "N", description = "Monte Carlo samples (default: the drill's, else 1000).")
    Integer runs;

    @Option(names = "--report", paramLabel = "OUT.html", description = "Write the report as an HTML page.")
    Path html;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Write the report as JSON.")
    Path json;

    @Option(
            names = "--proposal",
            paramLabel = "OUT.json",
            description = "Write the recommended reserve as a proposal body for POST /api/v1/governance/proposals.")
    Path proposal;

    @Option(
            names = "--method",
            paramLabel = "auto|lp|merit-order",
            description = "How samples are solved (default: the drill's, else auto).")
    String method;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: every processor).")
    Integer threads;

    @Mixin
    Tool tool;

    @Override
    public Integer call() {
        DrillSpec spec;
        Scenario scenario;
        try {
            String text = Files.readString(drill);
            JsonNode tree = DrillReader.tree(text, drill.toString());
            if (!tree.hasNonNull("scenario")) {
                return tool.fail(Tool.UNUSABLE, drill + ": $.scenario: the dispatch scenario file is required here");
            }
            Path parent = drill.toAbsolutePath().getParent();
            scenario = ScenarioReader.read(parent.resolve(tree.get("scenario").asText()));
            spec = DrillReader.read(tree, drill.toString());
            if (runs != null) {
                spec = spec.withRuns(runs);
            }
            if (method != null) {
                spec = spec.withMethod(
                        DrillSpec.Method.valueOf(method.toUpperCase(Locale.ROOT).replace('-', '_')));
            }
        } catch (NoSuchFileException e) {
            return tool.fail(Tool.UNUSABLE, drill + ": no such file");
        } catch (IOException e) {
            return tool.fail(Tool.UNUSABLE, drill + ": cannot read: " + e.getMessage());
        } catch (ScenarioException | IllegalArgumentException e) {
            return tool.fail(Tool.UNUSABLE, e.getMessage());
        }
        DrillReport r;
        try {
            DrillEngine engine = threads == null ? DrillEngine.standalone() : DrillEngine.standalone(threads);
            r = engine.run(scenario, spec);
        } catch (IllegalArgumentException e) {
            return tool.fail(Tool.UNUSABLE, drill + ": " + e.getMessage());
        }
        try {
            if (json != null) {
                Files.writeString(json, r.toJson());
            }
            if (html != null) {
                Files.writeString(html, ReportHtml.render(r));
            }
            if (proposal != null && r.proposal() != null) {
                ObjectNode body = new ObjectMapper().createObjectNode();
                body.set("policy", r.proposal());
                Files.writeString(proposal, body.toPrettyString());
            }
        } catch (IOException e) {
            return tool.fail(Tool.FAILED, "cannot write: " + e.getMessage());
        }
        var f = r.communityFigures();
        var rec = r.recommendation();
        tool.out()
                .printf(
                        Locale.ROOT,
                        "%s: %d of %d samples (%s, %d ms); critical survival P10 %.2f h, P50 %.2f h, P90 %.2f h "
                                + "of %.2f h; critical not served P50 %.2f kWh, all P50 %.2f kWh; "
                                + "cost P50 %.2f EUR%s%n",
                        r.drill(),
                        r.runsCompleted(),
                        r.runsRequested(),
                        r.method(),
                        r.elapsedMillis(),
                        f.survivalHours().p10(),
                        f.survivalHours().p50(),
                        f.survivalHours().p90(),
                        r.windowHours(),
                        f.criticalNotServedKWh().p50(),
                        f.notServedKWh().p50(),
                        f.costEur().p50(),
                        rec.reserveWh() == null
                                ? ""
                                : String.format(Locale.ROOT, "; reserve %.2f kWh", rec.reserveWh() / 1000));
        rec.explanation().forEach(line -> tool.out().println("  " + line));
        tool.out().flush();
        return 0;
    }
}
