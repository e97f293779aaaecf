package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The members' own devices of the demo field, through the hub's Modbus driver at the addresses of their mapping files:
 * a home battery and a hot-water system follow what the hub writes, their member's meter shows it, and each goes to
 * its safe state when the writes stop for the watchdog time of wall clock.
 */
@Timeout(60)
class MemberDevicesTest {
    @TempDir
    Path tmp;

    private FieldFixture field;
    private FieldFixture.Slice slice;

    @BeforeEach
    void start() throws Exception {
        field = new FieldFixture(tmp, new FieldDevices.Intake(null, null, null));
        slice = new FieldFixture.Slice();
    }

    @AfterEach
    void stop() {
        field.close();
    }

    private FieldConfig.Gateway gatewayOf(int member) {
        return field.config.gateways().stream()
                .filter(g -> member >= g.firstMember() && member < g.firstMember() + g.members())
                .findFirst()
                .orElseThrow();
    }

    private double meterW(int member) throws Exception {
        FieldConfig.Gateway g = gatewayOf(member);
        try (FieldFixture.Modbus m = field.new Modbus(g.name(), g.port(), g.unitId())) {
            return m.read().get(PointId.of(String.format("demo.m%02d-meter.p", member)));
        }
    }

    @Test
    void aHomeBatteryCoversItsHomeThenFollowsTheHubAndGoesSafeWithoutWrites() throws Exception {
        FieldConfig.HomeBattery b = field.config.homeBatteries().get(0);
        String id = "demo." + b.name();
        int member = b.member();
        try (FieldFixture.Modbus bat = field.new Modbus(b.name(), b.port(), 1)) {
            field.advanceSim(Duration.ofMinutes(1));
            Map<PointId, Double> local = bat.read();
            double home = slice.householdW(field.sim.instant(), member);
            assertThat(local.get(PointId.of(id + ".control_state"))).isEqualTo(0.0);
            assertThat(local.get(PointId.of(id + ".p")))
                    .as("LOCAL covers the home")
                    .isCloseTo(home, within(1.0));
            assertThat(meterW(member)).isCloseTo(0, within(1.0));

            double soc0 = local.get(PointId.of(id + ".soc"));
            assertThat(bat.write(id + ".p_set", -3000)).isEqualTo(Quality.GOOD);
            field.advanceSim(Duration.ofMinutes(30));
            Map<PointId, Double> remote = bat.read();
            assertThat(remote.get(PointId.of(id + ".control_state"))).isEqualTo(1.0);
            assertThat(remote.get(PointId.of(id + ".p"))).isCloseTo(-3000, within(0.5));
            assertThat(remote.get(PointId.of(id + ".p_set"))).isCloseTo(-3000, within(0.5));
            assertThat(remote.get(PointId.of(id + ".soc")))
                    .as("30 min at 3 kW into 10 kWh")
                    .isCloseTo(soc0 + 15, within(0.2));
            assertThat(meterW(member))
                    .as("the meter shows the charging")
                    .isCloseTo(slice.householdW(field.sim.instant(), member) + 3000, within(1.0));

            field.wall.advance(Duration.ofSeconds(b.watchdogSeconds()));
            field.step();
            Map<PointId, Double> safe = bat.read();
            assertThat(safe.get(PointId.of(id + ".control_state"))).isEqualTo(2.0);
            assertThat(safe.get(PointId.of(id + ".p"))).isEqualTo(0.0);
            assertThat(safe.get(PointId.of(id + ".p_set"))).isEqualTo(0.0);
        }
    }

    @Test
    void aHotWaterSystemRunsItsTimerHeatsWhenAllowedAndReportsTheHeatItNeeds() throws Exception {
        FieldConfig.HotWater hw = field.config.hotWater();
        int member = hw.members().get(0);
        String id = String.format("demo.m%02d-hw", member);
        try (FieldFixture.Modbus gw = field.new Modbus(hw.name(), hw.port(), hw.unitId())) {
            field.advanceSim(Duration.ofMinutes(1)); // 09:16 local: outside its off-peak timer
            Map<PointId, Double> local = gw.read();
            assertThat(local.get(PointId.of(id + ".control_state"))).isEqualTo(0.0);
            assertThat(local.get(PointId.of(id + ".p")))
                    .as("no heating by day on its timer")
                    .isEqualTo(0.0);
            double need0 = local.get(PointId.of(id + ".energy_need"));
            double t0 = local.get(PointId.of(id + ".temperature"));
            assertThat(need0)
                    .as("heat to 65 °C of a 250 l tank at %.1f °C", t0)
                    .isCloseTo((65 - t0) * hw.tankLitres() * 1.163, within(1.0));

            assertThat(gw.write(id + ".p_set", 2000)).isEqualTo(Quality.GOOD);
            field.advanceSim(Duration.ofMinutes(30));
            Map<PointId, Double> remote = gw.read();
            assertThat(remote.get(PointId.of(id + ".control_state"))).isEqualTo(1.0);
            assertThat(remote.get(PointId.of(id + ".p"))).isCloseTo(2000, within(0.5));
            assertThat(remote.get(PointId.of(id + ".energy_need")))
                    .as("1 kWh in, less what was drawn meanwhile")
                    .isLessThan(need0)
                    .isGreaterThan(need0 - 1000);
            assertThat(meterW(member)).isCloseTo(slice.householdW(field.sim.instant(), member) + 2000, within(1.0));
            assertThat(gw.write(id + ".p_set", 9000)).isEqualTo(Quality.GOOD);
            field.advanceSim(Duration.ofMinutes(1));
            assertThat(gw.read().get(PointId.of(id + ".p")))
                    .as("never above its element's rating")
                    .isCloseTo(hw.ratedPowerW(), within(0.5));

            field.wall.advance(Duration.ofSeconds(hw.watchdogSeconds()));
            field.step();
            Map<PointId, Double> safe = gw.read();
            assertThat(safe.get(PointId.of(id + ".control_state"))).isEqualTo(2.0);
            assertThat(safe.get(PointId.of(id + ".p_set"))).isEqualTo(0.0);
            assertThat(safe.get(PointId.of(id + ".p")))
                    .as("back on its timer: off by day")
                    .isEqualTo(0.0);

            for (int h = 0; h < 12; h++) {
                field.advanceSim(Duration.ofHours(1));
            }
            field.advanceSim(Duration.ofMinutes(14)); // 21:47 -> 22:01 local: its off-peak timer heats
            assertThat(gw.read().get(PointId.of(id + ".p"))).isCloseTo(hw.ratedPowerW(), within(0.5));
        }
    }
}
