package io.gridhub.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.ingest.QuarantineEntry;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.testkit.FakeBus;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubMetersTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HubMeters meters = new HubMeters(registry);

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.scrape(out, MetricsServlet.TEXT);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ingestAndQuarantineAreCountersReadAtScrapeTime() throws Exception {
        FakeBus bus = new FakeBus();
        long[] quarantined = {0};
        Quarantine q = new Quarantine() {
            @Override
            public List<QuarantineEntry> recent(int limit) {
                return List.of();
            }

            @Override
            public long total() {
                return quarantined[0];
            }
        };
        meters.bind("bus", bus, () -> meters.bus(bus));
        meters.bind("quarantine", q, () -> meters.quarantine(q));
        bus.publish(List.of(
                new Sample(PointId.of("demo.m01.p"), 1200, Quality.GOOD, T0, T0),
                new Sample(PointId.of("demo.m02.p"), -300, Quality.GOOD, T0, T0)));
        quarantined[0] = 3;

        String text = scrape();
        assertThat(text).contains("# TYPE gridhub_ingest_values_total counter");
        assertThat(text).containsPattern("(?m)^gridhub_ingest_values_total 2\\.0$");
        assertThat(text).containsPattern("(?m)^gridhub_quarantined_total 3\\.0$");

        // DS binds a new bus before it unbinds the old one: the counter reads the new bus, and stays
        FakeBus next = new FakeBus();
        next.publish(List.of(new Sample(PointId.of("demo.m01.p"), 1, Quality.GOOD, T0, T0)));
        meters.bind("bus", next, () -> meters.bus(next));
        meters.unbind("bus", bus);
        assertThat(scrape()).containsPattern("(?m)^gridhub_ingest_values_total 1\\.0$");
        meters.unbind("bus", next);
        assertThat(scrape()).doesNotContain("gridhub_ingest_values_total").contains("gridhub_quarantined_total");
    }

    @Test
    void eachDeviceHasOneSeriesPerStateAndItsCounters() throws Exception {
        meters.devices(List.of(device("meter-a", DeviceState.ONLINE, 2), device("rtu-b", DeviceState.OFFLINE, 0)));
        String text = scrape();
        assertThat(text)
                .containsPattern(
                        "(?m)^gridhub_device_state\\{device=\"meter-a\",driver=\"modbus\",state=\"online\"} 1\\.0$")
                .containsPattern(
                        "(?m)^gridhub_device_state\\{device=\"meter-a\",driver=\"modbus\",state=\"offline\"} 0\\.0$")
                .containsPattern(
                        "(?m)^gridhub_device_state\\{device=\"rtu-b\",driver=\"modbus\",state=\"offline\"} 1\\.0$")
                .containsPattern("(?m)^gridhub_device_reconnects_total\\{device=\"meter-a\",driver=\"modbus\"} 2\\.0$")
                .containsPattern("(?m)^gridhub_device_reads_total\\{device=\"meter-a\",driver=\"modbus\"} 100\\.0$")
                .containsPattern("(?m)^gridhub_device_errors_total\\{device=\"meter-a\",driver=\"modbus\"} 1\\.0$");

        // meter-a loses its connection and reconnects; rtu-b is removed from the configuration
        meters.devices(List.of(device("meter-a", DeviceState.OFFLINE, 3)));
        text = scrape();
        assertThat(text)
                .containsPattern(
                        "(?m)^gridhub_device_state\\{device=\"meter-a\",driver=\"modbus\",state=\"offline\"} 1\\.0$")
                .containsPattern("(?m)^gridhub_device_reconnects_total\\{device=\"meter-a\",driver=\"modbus\"} 3\\.0$")
                .doesNotContain("rtu-b");
    }

    @Test
    void everyStageRunIsRecordedAndTheSolvesAsSolverTimes() throws Exception {
        // Runs of one stage in the same millisecond, as fast as the loop may make them: each one counts.
        int n = 25;
        for (int i = 0; i < n; i++) {
            meters.stageRan("demo", run(LoopStage.EXECUTE, 1, T0, 2, StageOutcome.OK, "", null));
        }
        meters.stageRan("demo", run(LoopStage.SENSE, 1, T0, 20, StageOutcome.OK, "", null));
        meters.stageRan("demo", run(LoopStage.SENSE, 2, T0, 30, StageOutcome.DEGRADED, "", null));
        meters.stageRan("demo", run(LoopStage.OPTIMIZE, 1, T0, 400, StageOutcome.OK, "lp", Duration.ofMillis(250)));
        // lp's solve ran and failed; the rule fallback planned without a solver
        meters.stageRan(
                "demo", run(LoopStage.OPTIMIZE, 2, T0, 900, StageOutcome.DEGRADED, "lp", Duration.ofMillis(750)));
        meters.stageRan("demo", run(LoopStage.OPTIMIZE, 3, T0, 5, StageOutcome.DEGRADED, "rules", null));
        meters.stageRan("demo", run(LoopStage.OPTIMIZE, 4, T0, 0, StageOutcome.FAILED, "", null));

        String text = scrape();
        assertThat(text)
                .contains("# TYPE gridhub_loop_stage_seconds histogram")
                .containsPattern(
                        "(?m)^gridhub_loop_stage_seconds_count\\{community=\"demo\",stage=\"execute\"} " + n + "$")
                .containsPattern("(?m)^gridhub_loop_stage_runs_total\\{community=\"demo\",outcome=\"ok\","
                        + "stage=\"execute\"} " + n + "\\.0$")
                .containsPattern("(?m)^gridhub_loop_stage_seconds_count\\{community=\"demo\",stage=\"sense\"} 2$")
                .containsPattern("(?m)^gridhub_loop_stage_seconds_sum\\{community=\"demo\",stage=\"sense\"} 0\\.05$")
                .containsPattern("(?m)^gridhub_loop_stage_seconds_bucket\\{community=\"demo\",stage=\"sense\","
                        + "le=\"0\\.025\"} 1$")
                .containsPattern("(?m)^gridhub_loop_stage_seconds_count\\{community=\"demo\",stage=\"optimize\"} 4$")
                .containsPattern("(?m)^gridhub_loop_stage_runs_total\\{community=\"demo\",outcome=\"degraded\","
                        + "stage=\"sense\"} 1\\.0$")
                .containsPattern("(?m)^gridhub_loop_stage_runs_total\\{community=\"demo\",outcome=\"failed\","
                        + "stage=\"optimize\"} 1\\.0$")
                // the solves alone, not the stage's 1.3 s: 0.25 + 0.75 s; the rule strategy has no solver
                .containsPattern("(?m)^gridhub_solver_seconds_count\\{community=\"demo\",strategy=\"lp\"} 2$")
                .containsPattern("(?m)^gridhub_solver_seconds_sum\\{community=\"demo\",strategy=\"lp\"} 1\\.0$")
                .containsPattern("(?m)^gridhub_solver_seconds_bucket\\{community=\"demo\",strategy=\"lp\","
                        + "le=\"0\\.25\"} 1$")
                .doesNotContain("strategy=\"rules\"");
    }

    @Test
    void theJvmsMetersAreThereToo() throws Exception {
        try (JvmGcMetrics gc = new JvmGcMetrics()) {
            MetricsComponent.jvm(registry, gc);
            assertThat(scrape())
                    .containsPattern("(?m)^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} ")
                    .containsPattern("(?m)^jvm_threads_live_threads ")
                    .containsPattern("(?m)^jvm_classes_loaded_classes ")
                    .containsPattern("(?m)^process_uptime_seconds ");
        }
    }

    @Test
    void servletAnswersTheClassicTextFormatUnlessOpenMetricsIsAsked() {
        assertThat(MetricsServlet.contentType(null)).isEqualTo(MetricsServlet.TEXT);
        assertThat(MetricsServlet.contentType("text/plain;version=0.0.4;q=0.3,*/*;q=0.2"))
                .isEqualTo(MetricsServlet.TEXT);
        assertThat(MetricsServlet.contentType("application/openmetrics-text;version=1.0.0,text/plain;q=0.5"))
                .isEqualTo(MetricsServlet.OPEN_METRICS);
    }

    private static DeviceStatus device(String name, DeviceState state, long reconnects) {
        return new DeviceStatus(name, "modbus", state, "", T0, 4, 100, 1.0, 1, reconnects, 12.5);
    }

    private static StageRun run(
            LoopStage stage, long cycle, Instant start, long millis, StageOutcome o, String s, Duration solve) {
        return new StageRun(stage, cycle, start, Duration.ofMillis(millis), o, "", s, s.isEmpty() ? "" : "1.0", solve);
    }
}
