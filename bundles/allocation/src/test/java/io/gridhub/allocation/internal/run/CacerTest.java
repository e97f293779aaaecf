package io.gridhub.allocation.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.allocation.internal.data.InputException;
import org.junit.jupiter.api.Test;

/** Italy's CACER: hourly shared energy; the premium above the share threshold goes to non-business members. */
class CacerTest {
    /** Two hours as quarter hours: P generates 10 kWh/h, household H and business B use 4 kWh/h each. */
    private static final String METERS;

    static {
        StringBuilder b = new StringBuilder("timestamp,member,consumption_kWh,generation_kWh\n");
        for (int q = 0; q < 8; q++) {
            String ts = String.format("2024-06-01T%02d:%02d:00Z", 10 + q / 4, 15 * (q % 4));
            b.append(ts)
                    .append(",H,1,0\n")
                    .append(ts)
                    .append(",B,1,0\n")
                    .append(ts)
                    .append(",P,0,2.5\n");
        }
        METERS = b.toString();
    }

    private static Outcome run(String policy) throws InputException {
        return Inputs.run(
                "cacer",
                Inputs.text("m.csv", METERS),
                Inputs.text("p.json", policy),
                null,
                null,
                null,
                new Runner.Options(20, 0.01, 1000, Long.MAX_VALUE, 1));
    }

    private static double value(Outcome o, String member) {
        int i = o.table().indexOf(member);
        double v = 0;
        for (int k = 0; k < o.table().intervals(); k++) {
            v += o.value()[k * o.table().members() + i];
        }
        return v;
    }

    @Test
    void thePremiumAboveTheThresholdGoesToNonBusinessMembers() throws InputException {
        Outcome o = run("{\"id\":\"cer\",\"version\":1,\"memberTypes\":{\"B\":\"BUSINESS\",\"P\":\"BUSINESS\"},"
                + "\"incentiveEurPerKWh\":0.1,\"cacerShareThreshold\":0.55}");
        assertThat(o.table().step().toMinutes()).isEqualTo(60); // quarter hours summed to hours
        // E = min(G, C) = 8 kWh/h = 80 % of G = 10 kWh/h; above 55 %: 2.5 kWh/h, ρ = 2.5/8 of the premium.
        double premium = 2 * 8 * 0.1;
        double rho = 2.5 / 8;
        assertThat(value(o, "H")).isCloseTo(premium * (1 - rho) / 2 + premium * rho, within(1e-12));
        assertThat(value(o, "B")).isCloseTo(premium * (1 - rho) / 2, within(1e-12));
        assertThat(value(o, "P")).isZero();
        assertThat(value(o, "H") + value(o, "B")).isCloseTo(premium, within(1e-12));
        assertThat(o.notes())
                .anySatisfy(n -> assertThat(n)
                        .contains("is 80.0 % of the generation")
                        .contains("(31.3 % of E) goes to non-business members only"));
    }

    @Test
    void belowTheThresholdOnlyThePolicysFloorIsReserved() throws InputException {
        // 8 of 10 kWh is below a threshold of 90 %: nothing from the data; the floor of 10 % applies.
        Outcome o = run("{\"id\":\"cer\",\"version\":1,\"memberTypes\":{\"B\":\"BUSINESS\"},"
                + "\"incentiveEurPerKWh\":0.1,\"cacerShareThreshold\":0.9,\"nonBusinessMinShare\":0.1}");
        double premium = 1.6;
        assertThat(value(o, "B")).isCloseTo(premium * 0.9 / 2, within(1e-12));
        assertThat(o.notes()).anySatisfy(n -> assertThat(n).contains("nonBusinessMinShare 10.0 % is higher"));
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefusedWithTheLine() {
        assertThatThrownBy(() -> run("{\"id\":\"cer\",\"version\":1,\n\"cacerShareThreshold\":55}"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("p.json:2: cacerShareThreshold must be " + "in [0, 1]");
    }
}
