package io.gridhub.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.drill.DrillSpec.EventType;
import io.gridhub.drill.DrillSpec.Method;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DrillReaderTest {
    @Test
    void readsEventsLoadClassesAndUncertainty() {
        DrillSpec s = DrillReader.parse("""
                {"id": "d1", "events": [
                   {"type": "outage", "from": "2026-01-15T06:00:00Z", "hours": 8},
                   {"type": "contingency", "limitPercent": 40, "feeders": ["f1"]},
                   {"type": "price-spike", "hours": 2, "priceFactor": 10},
                   {"type": "device-loss", "assets": ["bat"]}],
                 "loads": {"default": {"criticalShare": 0.2}, "members": {"m1": {"criticalW": 300, "shedPriority": 9}}},
                 "uncertainty": {"loadSpread": 0.1, "quantiles": {"m1": {"p10": [1, 2], "p90": [3, 4]}}},
                 "runs": 12, "method": "merit-order", "timeBudgetSeconds": 5}
                """, "d1.json");

        assertThat(s.events())
                .extracting(DrillSpec.Event::type)
                .containsExactly(EventType.OUTAGE, EventType.CONTINGENCY, EventType.PRICE_SPIKE, EventType.DEVICE_LOSS);
        assertThat(s.events().get(0).from()).isEqualTo(Instant.parse("2026-01-15T06:00:00Z"));
        assertThat(s.events().get(0).duration()).isEqualTo(Duration.ofHours(8));
        assertThat(s.events().get(1).from()).isNull();
        assertThat(s.events().get(2).priceFactor()).isEqualTo(10);
        assertThat(s.loadsOf("m1")).isEqualTo(new DrillSpec.LoadClass(300, 0.2, 9));
        assertThat(s.loadsOf("other")).isEqualTo(new DrillSpec.LoadClass(0, 0.2, 5));
        assertThat(s.uncertainty().quantiles().get("m1").p90()).containsExactly(3, 4);
        assertThat(s.runs()).isEqualTo(12);
        assertThat(s.method()).isEqualTo(Method.MERIT_ORDER);
        assertThat(s.timeBudget()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void defaultsToAThousandRunsAndTheAutomaticMethod() {
        DrillSpec s = DrillReader.parse("{\"id\": \"d\"}", "d.json");
        assertThat(s.runs()).isEqualTo(DrillSpec.DEFAULT_RUNS);
        assertThat(s.method()).isEqualTo(Method.AUTO);
    }

    @Test
    void namesWhereTheSchemaIsBroken() {
        assertThatThrownBy(
                        () -> DrillReader.parse("{\"id\": \"d\", \"events\": [{\"type\": \"contingency\"}]}", "d.json"))
                .hasMessageStartingWith("d.json: $.events[0]")
                .hasMessageContaining("limitPercent");
        assertThatThrownBy(() -> DrillReader.parse(
                        "{\"id\": \"d\", \"loads\": {\"default\": {\"shedPriority\": 12}}}", "d.json"))
                .hasMessageContaining("$.loads.default.shedPriority");
        assertThatThrownBy(() -> DrillReader.parse("{\"id\": \"d\",\n \"runs\": }", "d.json"))
                .hasMessageStartingWith("d.json:2:");
    }
}
