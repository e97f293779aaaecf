package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    final Envelope envelope = new Envelope(new Envelope.Settings(0.1, 10, 95));
    final Asset battery = new Asset("shared-bat", null, AssetKind.BATTERY, 30_000, 60_000);
    final Feeder f1 = new Feeder("f1", null, null, 60_000, 40_000);

    Envelope.Inputs in(Double measured, Double soc, Double flow, Double last, double seconds) {
        return new Envelope.Inputs(
                Optional.ofNullable(measured),
                Optional.ofNullable(soc),
                flow == null ? null : f1,
                Optional.ofNullable(flow),
                Optional.ofNullable(last),
                seconds);
    }

    @Test
    void aValueInsideTheEnvelopePassesUnchanged() {
        Envelope.Clamp c = envelope.check(battery, 5_000, in(4_000.0, 50.0, 10_000.0, 4_000.0, 5));
        assertThat(c.clamped()).isFalse();
        assertThat(c.valueW()).isEqualTo(5_000);
    }

    @Test
    void theRatingBounds() {
        Envelope.Clamp c = envelope.check(battery, -45_000, in(-30_000.0, 50.0, null, -30_000.0, 5));
        assertThat(c.valueW()).isEqualTo(-30_000);
        assertThat(c.reason()).contains("rating 30000 W");
    }

    @Test
    void noDischargeAtTheMinimumStateOfChargeNoChargeAtTheMaximum() {
        assertThat(envelope.check(battery, 10_000, in(0.0, 9.5, null, 0.0, 100)).valueW())
                .isZero();
        Envelope.Clamp c = envelope.check(battery, -10_000, in(0.0, 96.0, null, 0.0, 100));
        assertThat(c.valueW()).isZero();
        assertThat(c.reason()).contains("at or above its maximum 95.0 %");
    }

    @Test
    void theRampRateLimitsAStepFromTheLastCommand() {
        // 10 % of 30 kW per second over 5 s: at most 15 kW from the last 0 W.
        Envelope.Clamp c = envelope.check(battery, 25_000, in(0.0, 50.0, null, 0.0, 5));
        assertThat(c.valueW()).isEqualTo(15_000);
        assertThat(c.reason()).contains("ramp rate 3000 W/s");
    }

    @Test
    void chargingMayNotOverloadTheFeederInTheLatestMeasurements() {
        // 55 kW import on f1 now (the battery idle): charging may add at most 5 kW.
        Envelope.Clamp c = envelope.check(battery, -20_000, in(0.0, 50.0, 55_000.0, -20_000.0, 5));
        assertThat(c.valueW()).isEqualTo(-5_000);
        assertThat(c.reason()).contains("feeder f1 headroom");
        // Discharge into a feeder that already exports 35 kW of its 40 kW: at most 5 kW more.
        Envelope.Clamp d = envelope.check(battery, 20_000, in(0.0, 50.0, -35_000.0, 20_000.0, 5));
        assertThat(d.valueW()).isEqualTo(5_000);
    }

    @Test
    void aFeederAlreadyOverALimitBarsAddingToItButForcesNothing() {
        Asset load = new Asset("m07-hw", null, AssetKind.FLEXIBLE_LOAD, 3_600, 14_500);
        // f1 exports 45 kW of its 40 kW, the element off: it may stay off (not forced on to absorb the excess) ...
        Envelope.Clamp idle = envelope.check(load, 0, in(0.0, null, -45_000.0, 0.0, 5));
        assertThat(idle.clamped()).isFalse();
        assertThat(idle.valueW()).isZero();
        // ... and a battery may stay idle too, but not discharge into it.
        assertThat(envelope.check(battery, 0, in(0.0, 50.0, -45_000.0, 0.0, 5)).clamped())
                .isFalse();
        Envelope.Clamp discharge = envelope.check(battery, 5_000, in(0.0, 50.0, -45_000.0, 0.0, 5));
        assertThat(discharge.valueW()).isZero();
        assertThat(discharge.reason()).contains("feeder f1 headroom");
        // Over its 60 kW import limit: charging is barred, discharging (relief) is left as planned.
        assertThat(envelope.check(battery, -5_000, in(0.0, 50.0, 65_000.0, 0.0, 5))
                        .valueW())
                .isZero();
        assertThat(envelope.check(battery, 5_000, in(0.0, 50.0, 65_000.0, 0.0, 5))
                        .clamped())
                .isFalse();
    }

    @Test
    void anAssetThatOnlyConsumesGetsNoNegativeSetpoint() {
        for (AssetKind kind :
                new AssetKind[] {AssetKind.EV_CHARGER, AssetKind.FLEXIBLE_LOAD, AssetKind.HEAT_PUMP, AssetKind.LOAD}) {
            Asset load = new Asset("m07-hw", null, kind, 3_600, 14_500);
            Envelope.Clamp c = envelope.check(load, -2_000, in(0.0, null, null, 0.0, 5));
            assertThat(c.valueW()).as(kind.name()).isZero();
            assertThat(c.reason())
                    .as(kind.name())
                    .isEqualTo("clamped from -2000 W to 0 W: it only consumes: not below 0 W");
        }
        // A battery may go negative (charge).
        assertThat(envelope.check(battery, -2_000, in(0.0, 50.0, null, 0.0, 5)).clamped())
                .isFalse();
    }

    @Test
    void aFeederOverItsImportLimitTakesAConsumingAssetToZeroNotBelow() {
        Asset load = new Asset("m07-hw", null, AssetKind.FLEXIBLE_LOAD, 3_600, 14_500);
        // f1 imports 65 kW of its 60 kW with the element at 3 kW: even 0 W leaves it 2 kW over, and 0 W it is
        // (never below: a load cannot generate).
        Envelope.Clamp c = envelope.check(load, 3_000, in(3_000.0, null, 65_000.0, 3_000.0, 5));
        assertThat(c.valueW()).isZero();
        assertThat(c.reason()).contains("feeder f1 headroom");
    }

    @Test
    void aPlanBreaksTheEnvelopeWhereItWouldBeClippedWhateverTheMeasurements() {
        double[] hotWater = {1_000, -500, -500};
        double[] bat = {5_000, 30_000, -20_000};
        Plan plan = new Plan(
                "p",
                "x",
                Instant.EPOCH,
                Instant.EPOCH,
                Duration.ofMinutes(30),
                3,
                List.of(
                        new AssetSchedule("shared-bat", null, bat, ""),
                        new AssetSchedule("m01-hw", null, hotWater, ""),
                        new AssetSchedule("nowhere", null, hotWater, "")),
                new Explanation("", 0, 0, List.of()));
        Topo topo = Topo.of(Fakes.withMemberAssets(), Map.of("shared-bat", "f1"));
        // A large setpoint within the rating, the ramp and the state of charge are for the moment of writing.
        assertThat(envelope.breaches(topo, plan))
                .containsExactly("the safety envelope would clip m01-hw at step 1 (1970-01-01T00:30:00Z): clamped "
                        + "from -500 W to 0 W: it only consumes: not below 0 W");
        bat[1] = Double.NaN;
        Plan nan = new Plan(
                "p",
                "x",
                Instant.EPOCH,
                Instant.EPOCH,
                Duration.ofMinutes(30),
                3,
                List.of(new AssetSchedule("shared-bat", null, bat, "")),
                new Explanation("", 0, 0, List.of()));
        assertThat(envelope.breaches(topo, nan)).singleElement().asString().contains("shared-bat at step 1", "NaN");
    }
}
