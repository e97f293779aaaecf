package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void samplesAndPointsLookAsTheRestApiPromises() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Sample s = new Sample(
                PointId.of("demo.m01-meter.p"),
                1.5,
                Quality.questionable(Quality.Reason.OLD_DATA, "stale 30 s"),
                t,
                t.plusMillis(5));
        assertThat(Json.MAPPER.writeValueAsString(s))
                .isEqualTo("{\"point\":\"demo.m01-meter.p\",\"value\":1.5,"
                        + "\"quality\":{\"status\":\"QUESTIONABLE\",\"reason\":\"OLD_DATA\",\"detail\":\"stale 30 s\"},"
                        + "\"sourceTime\":\"2026-01-01T00:00:00Z\",\"receivedTime\":\"2026-01-01T00:00:00.005Z\"}");
        Point p = Point.of(
                PointId.of("demo.m01-meter.p"),
                "m01-meter",
                PointKind.MEASUREMENT,
                Quantity.ACTIVE_POWER,
                Direction.IMPORT_POSITIVE);
        assertThat(Json.MAPPER.writeValueAsString(p))
                .startsWith("{\"id\":\"demo.m01-meter.p\",\"assetId\":\"m01-meter\"")
                .contains("\"unit\":\"W\"", "\"direction\":\"IMPORT_POSITIVE\"");
    }

    @Test
    void aPlanStepAndSolveTimeAreIsoDurationsNotSeconds() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Plan plan = new Plan(
                "p1",
                "lp-optimizer",
                t,
                t,
                Duration.ofMinutes(15),
                2,
                List.of(new AssetSchedule("bat", PointId.of("demo.bat.p-set"), new double[] {1000, -500}, "peak")),
                new Explanation("ok", 1.0, 2.0, List.of()),
                Duration.ofMillis(125));
        assertThat(Json.MAPPER.writeValueAsString(plan))
                .contains(
                        "\"step\":\"PT15M\"",
                        "\"steps\":2",
                        "\"issueTime\":\"2026-01-01T00:00:00Z\"",
                        "\"solveTime\":\"PT0.125S\"");
    }
}
