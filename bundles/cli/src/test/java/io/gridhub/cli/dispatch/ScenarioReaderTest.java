package io.gridhub.cli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Scenario;
import org.junit.jupiter.api.Test;

class ScenarioReaderTest {
    private static final ObjectMapper OM = new ObjectMapper();

    private static ObjectNode minimal() {
        ObjectNode r = OM.createObjectNode();
        r.put("id", "tiny")
                .put("start", "2024-05-14T00:00:00Z")
                .put("stepMinutes", 60)
                .put("steps", 2);
        ObjectNode p = r.putObject("prices");
        p.putArray("importEurPerKWh").add(0.3).add(0.2);
        p.putArray("exportEurPerKWh").add(0.1).add(0.05);
        r.putObject("grid")
                .putArray("feeders")
                .addObject()
                .put("id", "f1")
                .put("importLimitW", 10000)
                .put("exportLimitW", 8000);
        ObjectNode m = r.putArray("members").addObject().put("id", "m1").put("feederId", "f1");
        m.putArray("loadW").add(1000).add(2000);
        m.putArray("batteries")
                .addObject()
                .put("id", "b1")
                .put("maxChargeW", 3000)
                .put("maxDischargeW", 3000)
                .put("capacityWh", 5000)
                .put("socInitial", 0.5);
        return r;
    }

    @Test
    void readsAValidScenarioWithDefaults() throws Exception {
        Scenario s = ScenarioReader.parse(minimal().toString(), "tiny.json");
        assertThat(s.steps()).isEqualTo(2);
        assertThat(s.community().members().get(0).sites().get(0).feederId()).isEqualTo("f1");
        assertThat(s.parameters())
                .singleElement()
                .satisfies(p -> assertThat(p)
                        .isEqualTo(new BatteryParameters("b1", 3000, 3000, 5000, 0, 1, 0.5, 0.5, 0.95, 0.95, 0)));
        assertThat(s.forecasts().get("m1-load").values()).containsExactly(1000, 2000);
    }

    @Test
    void malformedJsonSaysLineAndColumn() {
        assertThatThrownBy(() -> ScenarioReader.parse("{\n  \"id\": \"x\",\n  \"steps\": 4,,\n}", "bad.json"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("bad.json:3:14: malformed JSON");
    }

    @Test
    void schemaViolationSaysPathAndWhatWasExpected() {
        ObjectNode r = minimal();
        ((ObjectNode) r.get("members").get(0)).remove("loadW");
        assertThatThrownBy(() -> ScenarioReader.parse(r.toString(), "s.json"))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("s.json: $.members[0]: required property 'loadW' not found");
        ObjectNode r2 = minimal();
        ((ObjectNode) r2.get("members").get(0).get("batteries").get(0)).put("socInitial", 1.5);
        assertThatThrownBy(() -> ScenarioReader.parse(r2.toString(), "s.json"))
                .hasMessageContaining("$.members[0].batteries[0].socInitial")
                .hasMessageContaining("maximum");
        ObjectNode r3 = minimal();
        r3.put("stepMinutes", "sixty");
        assertThatThrownBy(() -> ScenarioReader.parse(r3.toString(), "s.json"))
                .hasMessageContaining("$.stepMinutes")
                .hasMessageContaining("integer expected");
    }

    @Test
    void whatTheSchemaCannotSayHasAPathToo() {
        ObjectNode r = minimal();
        ((ArrayNode) r.get("prices").get("importEurPerKWh")).remove(1);
        assertThatThrownBy(() -> ScenarioReader.parse(r.toString(), "s.json"))
                .hasMessage("s.json: $.prices.importEurPerKWh: has 1 values, expected at least 2 (steps)");
        ObjectNode r2 = minimal();
        ((ObjectNode) r2.get("members").get(0)).put("feederId", "f9");
        assertThatThrownBy(() -> ScenarioReader.parse(r2.toString(), "s.json"))
                .hasMessage("s.json: $.members[0].feederId: names unknown feeder 'f9' (known: f1)");
    }
}
