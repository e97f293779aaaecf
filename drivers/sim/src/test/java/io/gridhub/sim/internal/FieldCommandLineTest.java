package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.testkit.SteppingClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The field's command line and the simulated clock it makes of the three numbers the launcher gives the hub too. */
class FieldCommandLineTest {
    @Test
    void theOptionsOfTheSpecMakeTheSimulatedClock() {
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
        assertThat(f.inbox).isEqualTo(Path.of("/tmp/inbox"));
        assertThat(f.ingestUser).isEqualTo("field:secret");

        SteppingClock wall = SteppingClock.at(Instant.ofEpochMilli(1_765_000_000_000L));
        Clock sim = f.clock(wall);
        assertThat(sim.instant()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        wall.advance(Duration.ofMinutes(24)); // a simulated day in 24 minutes at speed 60
        assertThat(sim.instant()).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
    }

    @Test
    void withoutAnchorsSimulatedTimeStartsAtTheWallTimeAtSpeedOne() {
        Field f = new Field();
        new CommandLine(f).parseArgs("--config", "field.json");
        SteppingClock wall = SteppingClock.at(Instant.parse("2026-12-06T21:00:00Z"));
        Clock sim = f.clock(wall);
        wall.advance(Duration.ofSeconds(90));
        assertThat(sim.instant()).isEqualTo(Instant.parse("2026-12-06T21:01:30Z"));
    }
}
