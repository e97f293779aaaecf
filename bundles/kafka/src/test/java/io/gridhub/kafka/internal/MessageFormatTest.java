package io.gridhub.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.Severity;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Binding;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageFormatTest {
    private static final Instant T = Instant.parse("2026-12-07T08:00:00.123456789Z");

    @Test
    void aGoodSampleRoundTripsAndReadsAsDocumented() throws Exception {
        Sample s = Sample.good(PointId.of("demo.m01.meter.p"), 1234.5, T);
        byte[] bytes = MessageFormat.sample("edge-a", "demo", s);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"hub\":\"edge-a\",\"community\":\"demo\",\"point\":\"demo.m01.meter.p\","
                        + "\"value\":1234.5,\"t\":\"2026-12-07T08:00:00.123456789Z\"}");
        MessageFormat.SampleMessage m = MessageFormat.sample(bytes);
        assertThat(m.sample()).isEqualTo(s);
        assertThat(m.hub()).isEqualTo("edge-a");
        assertThat(m.community()).isEqualTo("demo");
    }

    @Test
    void aSampleThatIsNotGoodKeepsItsQualityReceivedTimeAndNonFiniteValue() throws Exception {
        Sample s = new Sample(
                PointId.of("demo.pv.p"),
                Double.NaN,
                Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "timeout"),
                T,
                T.plusMillis(250));

        Sample back =
                MessageFormat.sample(MessageFormat.sample("edge-a", "demo", s)).sample();

        assertThat(back.point()).isEqualTo(s.point());
        assertThat(back.value()).isNaN();
        assertThat(back.quality()).isEqualTo(s.quality());
        assertThat(back.sourceTime()).isEqualTo(T);
        assertThat(back.receivedTime()).isEqualTo(T.plusMillis(250));
    }

    @Test
    void readersIgnoreFieldsTheyDoNotKnowAndRefuseAnotherVersion() throws Exception {
        String later = "{\"v\":1,\"hub\":\"h\",\"community\":\"c\",\"point\":\"c.p\",\"value\":2,"
                + "\"t\":\"2026-12-07T08:00:00Z\",\"unit\":\"W\"}";
        assertThat(MessageFormat.sample(later.getBytes(StandardCharsets.UTF_8))
                        .sample()
                        .value())
                .isEqualTo(2.0);

        String v2 = later.replace("\"v\":1", "\"v\":2");
        assertThatThrownBy(() -> MessageFormat.sample(v2.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageFormat.FormatException.class)
                .hasMessageContaining("v2");
        assertThatThrownBy(() -> MessageFormat.sample("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageFormat.FormatException.class);
        assertThatThrownBy(() -> MessageFormat.sample("{\"v\":1,\"point\":\"c.p\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageFormat.FormatException.class)
                .hasMessageContaining("'t'");
    }

    @Test
    void anEventRoundTrips() throws Exception {
        HubEvent e = new HubEvent(7, T, "demo", "loop.execute", Severity.WARNING, "bat1", "write refused");

        MessageFormat.EventMessage m = MessageFormat.event(MessageFormat.event("edge-a", e));

        assertThat(m.event()).isEqualTo(e);
        assertThat(m.hub()).isEqualTo("edge-a");
        assertThat(m.community()).isEqualTo("demo");
    }

    @Test
    void aPlanRoundTripsWithItsExplanation() throws Exception {
        Explanation x = new Explanation(
                "peak shaved",
                12.5,
                20.0,
                List.of("feeder f1 import limit"),
                "OPTIMAL",
                List.of(new Binding(3, "feeder f1 import limit", Double.NaN)),
                Map.of("grid.importW", new double[] {1, 2, 3, 4}));
        Plan p = new Plan(
                "plan-1",
                "lp-optimizer",
                T,
                T.plusSeconds(900),
                Duration.ofMinutes(15),
                4,
                List.of(
                        new AssetSchedule(
                                "bat1", PointId.of("demo.bat1.setpoint"), new double[] {0, -500, 500, 0}, "why"),
                        new AssetSchedule("ev1", null, new double[] {1, 1, 1, 1}, "")),
                x,
                Duration.ofMillis(12),
                "1.2.0");

        MessageFormat.PlanMessage m = MessageFormat.plan(MessageFormat.plan("edge-a", "demo", p));

        assertThat(m.plan())
                .usingRecursiveComparison()
                .withComparatorForType(Double::compare, Double.class)
                .isEqualTo(p);
        assertThat(m.plan().schedules()).isEqualTo(p.schedules());
        assertThat(m.plan().explanation().series().get("grid.importW")).containsExactly(1, 2, 3, 4);
        assertThat(m.plan().explanation().binding().get(0).shadowPriceEurPerKWh())
                .isNaN();
        assertThat(m.community()).isEqualTo("demo");
    }
}
