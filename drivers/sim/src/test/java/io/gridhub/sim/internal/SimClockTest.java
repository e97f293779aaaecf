package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.testkit.SteppingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The field's clock and command line: the three numbers the launcher gives the hub's clock too. */
class SimClockTest {
    @Test
    void simulatedTimeIsTheSimAnchorPlusWallTimeSinceTheWallAnchorTimesTheSpeed() {
        SteppingClock wall = SteppingClock.at(Instant.ofEpochMilli(1_000_000));
        SimClock sim = new SimClock(wall, 1_000_000, Instant.parse("2026-12-07T00:00:00Z"), 60);
        assertThat(sim.instant()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        wall.advance(Duration.ofMinutes(24)); // a simulated day in 24 minutes at speed 60
        assertThat(sim.instant()).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        wall.advance(Duration.ofMillis(1));
        assertThat(sim.millis())
                .isEqualTo(Instant.parse("2026-12-08T00:00:00.060Z").toEpochMilli());
        assertThatThrownBy(() -> new SimClock(wall, 0, Instant.EPOCH, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCommandLineTakesTheSpecsOptions() {
        Field f = new Field();
        new CommandLine(f)
                .parseArgs(
                        "--config", "config/demo/field.json",
                        "--speed", "60",
                        "--wall-anchor", "1765000000000",
                        "--sim-anchor", "2026-12-07T00:00:00Z",
                        "--inbox", "/tmp/inbox",
                        "--ingest", "http://127.0.0.1:8181/api/v1/ingest/demo-weather",
                        "--ingest-user", "field:secret");
        assertThat(f.config).isEqualTo(Path.of("config/demo/field.json"));
        assertThat(f.speed).isEqualTo(60);
        assertThat(f.wallAnchor).isEqualTo(1_765_000_000_000L);
        assertThat(f.simAnchor).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(f.ingestUser).isEqualTo("field:secret");
    }
}
