package io.gridhub.cli.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gridhub.cli.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./gridhub dispatch-scenario --preset NAME --out FILE.json [--data DIR]}: the example scenarios' generator. */
@Command(
        name = "dispatch-scenario",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a dispatch scenario built from the real series in the shared data folder (SGSC "
                    + "household loads, Ausgrid PV shape, DE-LU day-ahead prices); the examples in config/dispatch/ "
                    + "were made with it."
        })
public final class DispatchScenarioCommand implements Callable<Integer> {
    @Option(
            names = "--preset",
            required = true,
            description = "One of: ${COMPLETION-CANDIDATES}",
            completionCandidates = Presets.class)
    String preset;

    @Option(names = "--out", required = true, paramLabel = "FILE.json")
    Path out;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "The shared data folder (default: $SHARED/data, " + "else ../shared/data).")
    Path data;

    @Mixin
    Tool tool;

    static final class Presets extends TreeSet<String> {
        private static final long serialVersionUID = 1L;

        Presets() {
            super(ScenarioGenerator.PRESETS.keySet());
        }
    }

    static Path defaultData() {
        String shared = System.getenv("SHARED");
        return shared != null ? Path.of(shared, "data") : Path.of("..", "shared", "data");
    }

    @Override
    public Integer call() throws Exception {
        ScenarioGenerator.Preset p = ScenarioGenerator.PRESETS.get(preset);
        if (p == null) {
            return tool.fail(Tool.UNUSABLE, "unknown preset '" + preset + "' (known: " + new Presets() + ")");
        }
        Path dir = data == null ? defaultData() : data;
        if (!Files.isDirectory(dir)) {
            return tool.fail(Tool.UNUSABLE, "no data folder " + dir + " (use --data)");
        }
        var json = new ScenarioGenerator(dir).generate(p);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        tool.out().println("wrote " + out);
        tool.out().flush();
        return 0;
    }
}
