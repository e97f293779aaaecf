package io.gridhub.cli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example scenarios end to end: plan written, energy balance closes per step, grid limits kept at every step. */
@Timeout(120)
class DispatchCommandTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"community-day", "feeder-evening"})
    void examplePlansBalanceAndKeepLimits(String name) throws Exception {
        Path scenario = Path.of("../../config/dispatch/" + name + "-scenario.json");
        Path plan = tmp.resolve("plan.json");
        Path mps = tmp.resolve("model.mps");
        assertThat(Main.run(
                        "dispatch",
                        "--scenario",
                        scenario.toString(),
                        "--plan",
                        plan.toString(),
                        "--export-model",
                        mps.toString()))
                .isZero();
        JsonNode p = new ObjectMapper().readTree(plan.toFile());
        assertThat(p.fieldNames().next()).isEqualTo("objective");
        assertThat(p.get("objective").asDouble())
                .isEqualTo(p.get("totalCostEur").asDouble());
        assertThat(Files.readString(mps)).contains("ENDATA");
        JsonNode s = p.get("series");
        JsonNode sc = new ObjectMapper().readTree(scenario.toFile());
        int steps = sc.get("steps").asInt();
        for (int t = 0; t < steps; t++) {
            // Energy balance: what the plan's setpoints make the sites draw equals what the model imports minus
            // what it exports, at every step (to rounding of the model's numbers to 6 digits).
            double grid = s.get("grid.W").get(t).asDouble();
            double model = s.get("connection.importW").get(t).asDouble()
                    - s.get("connection.exportW").get(t).asDouble();
            assertThat(grid).as("balance at step %d", t).isCloseTo(model, within(1.0 + 1e-5 * Math.abs(grid)));
            for (JsonNode f : sc.get("grid").get("feeders")) {
                double w = s.get("feeder." + f.get("id").asText() + ".W").get(t).asDouble();
                assertThat(w)
                        .as("feeder %s at step %d", f.get("id").asText(), t)
                        .isBetween(
                                -f.get("exportLimitW").asDouble() - 1,
                                f.get("importLimitW").asDouble() + 1);
            }
        }
    }
}
