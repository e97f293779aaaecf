package io.gridhub.allocation.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.allocation.internal.data.InputException;
import io.gridhub.allocation.internal.data.InputLimits;
import io.gridhub.allocation.internal.data.MeterTable;
import io.gridhub.api.allocation.Prices;
import io.gridhub.api.model.MeterInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run's entry points (text for CLI and REST, records for strategies) bound their input before allocating. */
class BoundedInputTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration Q = Duration.ofMinutes(15);

    @Test
    void meterRecordsSpanningYearsAreRefusedBeforeTheTableExists() {
        List<MeterInterval> sparse = List.of(
                new MeterInterval(T, Q, "a", 1, 0), new MeterInterval(T.plus(Duration.ofDays(365 * 40)), Q, "a", 1, 0));
        assertThatThrownBy(() -> Conversions.table(sparse))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than the limit of 1000000 (maxIntervals)");
        List<MeterInterval> seconds = List.of(new MeterInterval(T, Duration.ofSeconds(1), "a", 1, 0));
        assertThatThrownBy(() -> Conversions.table(seconds)).hasMessageContaining("whole minutes required");
    }

    @Test
    void theConfiguredLimitsApplyToEveryRead() {
        String csv = "timestamp,member,consumption_kWh,generation_kWh\n2026-01-01T00:00:00Z,a,1,0\n"
                + "2026-01-01T00:15:00Z,a,1,0\n2026-01-01T00:30:00Z,a,1,0\n";
        try {
            InputLimits.use(new InputLimits(2, 100, 100, 10, 10, 1000));
            assertThatThrownBy(() -> Inputs.parse("equal", Inputs.text("m.csv", csv), null, 0.3, 0.1, null))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("(maxRows)");
        } finally {
            InputLimits.use(null);
        }
        assertThat(InputLimits.current()).isEqualTo(InputLimits.DEFAULTS);
    }

    @Test
    void onlyThePricesOfTheMeteredPeriodAreKept() {
        MeterTable t = MeterTable.of(new String[] {"a"}, T, Q, 4, new double[4], new double[4]);
        Prices p = Prices.steps(List.of(
                new Prices.Step(T.minus(Duration.ofDays(2)), 9, 0),
                new Prices.Step(T.minus(Duration.ofHours(1)), 1, 0),
                new Prices.Step(T.plus(Q), 2, 0),
                new Prices.Step(T.plus(Duration.ofHours(1)), 3, 0),
                new Prices.Step(T.plus(Duration.ofDays(9)), 4, 0)));
        Prices kept = Inputs.within(p, t);
        assertThat(kept.steps()).extracting(Prices.Step::importEurPerKWh).containsExactly(1.0, 2.0);
        for (int k = 0; k < 4; k++) {
            assertThat(kept.importAt(t.start(k))).isEqualTo(p.importAt(t.start(k)));
        }
    }
}
