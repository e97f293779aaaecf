package io.gridhub.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./gridhub drill} on the hand-computable drills of config/drills/ gives the hand values, by both methods. */
@Timeout(120)
class DrillCommandTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        "hand-battery-10kwh, merit-order, 10.0, 14.0",
        "hand-battery-10kwh, lp, 10.0, 14.0",
        "hand-battery-pv, merit-order, 22.0, 2.0",
        "hand-battery-pv, lp, 22.0, 2.0",
        "hand-shed-priority, merit-order, 4.0, 0.0",
        "hand-shed-priority, lp, 4.0, 0.0"
    })
    void handDrillsGiveTheHandValues(String name, String method, double survivalH, double criticalKWh)
            throws Exception {
        Path json = tmp.resolve("report.json");
        Path html = tmp.resolve("report.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "drill",
                "--scenario",
                "../../config/drills/" + name + ".json",
                "--runs",
                "20",
                "--method",
                method,
                "--json",
                json.toString(),
                "--report",
                html.toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        JsonNode c = r.get("communityFigures");
        for (String q : new String[] {"p10", "p50", "p90"}) {
            assertThat(c.get("survivalHours").get(q).asDouble()).isCloseTo(survivalH, within(1e-6));
            assertThat(c.get("criticalNotServedKWh").get(q).asDouble()).isCloseTo(criticalKWh, within(1e-6));
        }
        assertThat(r.get("runsCompleted").asInt()).isEqualTo(20);
        assertThat(r.get("method").asText()).isEqualTo(method);
        assertThat(Files.readString(html)).contains("<svg").contains("Recommendation");
        assertThat(out.toString()).contains(String.format(Locale.ROOT, "P50 %.2f h", survivalH));
    }

    @Test
    void theLowerPriorityMemberIsShedFirst() throws Exception {
        Path json = tmp.resolve("report.json");
        Path proposal = tmp.resolve("proposal.json");
        assertThat(Main.run(
                        "drill",
                        "--scenario",
                        "../../config/drills/hand-shed-priority.json",
                        "--runs",
                        "5",
                        "--json",
                        json.toString(),
                        "--proposal",
                        proposal.toString()))
                .isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        JsonNode members = r.get("members");
        assertThat(members.get(0).get("member").asText()).isEqualTo("a");
        assertThat(members.get(0).get("notServedKWh").get("p50").asDouble()).isCloseTo(0, within(1e-6));
        assertThat(members.get(1).get("notServedKWh").get("p50").asDouble()).isCloseTo(2.0, within(1e-6));
        JsonNode first = r.get("recommendation").get("shedOrder").get(0);
        assertThat(first.get("members").get(0).asText()).isEqualTo("b");
        assertThat(first.get("firstShedHoursP50").asDouble()).isCloseTo(2.0, within(1e-6));
        JsonNode policy = new ObjectMapper().readTree(proposal.toFile()).get("policy");
        assertThat(policy.get("kind").asText()).isEqualTo("dispatch-policy");
        assertThat(policy.get("batteryReserveWh").asDouble()).isEqualTo(4000);
    }

    @Test
    void anUnusableDrillSaysWhere() throws Exception {
        StringWriter err = new StringWriter();
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"id\": \"x\", \"scenario\": \"nowhere.json\", \"runs\": 0}");
        int code = Main.run(
                new PrintWriter(new StringWriter()), new PrintWriter(err), "drill", "--scenario", bad.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("$.runs");
    }
}
