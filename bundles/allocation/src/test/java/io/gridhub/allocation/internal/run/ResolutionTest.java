package io.gridhub.allocation.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.allocation.internal.data.InputException;
import org.junit.jupiter.api.Test;

/** 15- and 60-minute settlement: §42c EnWG needs quarter hours; a policy can sum quarter hours to hours. */
class ResolutionTest {
    private static final Runner.Options OPTIONS = new Runner.Options(20, 0.01, 1000, Long.MAX_VALUE, 1);

    private static String meters(int minutes, int intervals) {
        StringBuilder b = new StringBuilder("timestamp,member,consumption_kWh,generation_kWh\n");
        for (int q = 0; q < intervals; q++) {
            int m = q * minutes;
            String ts = String.format("2026-06-01T%02d:%02d:00Z", 10 + m / 60, m % 60);
            b.append(ts)
                    .append(",A,1,0\n")
                    .append(ts)
                    .append(",B,3,0\n")
                    .append(ts)
                    .append(",P,0,")
                    .append(q)
                    .append('\n');
        }
        return b.toString();
    }

    private static Outcome run(String method, String meters, String policy) throws InputException {
        return Inputs.run(
                method,
                Inputs.text("m.csv", meters),
                policy == null ? null : Inputs.text("p.json", policy),
                null,
                null,
                null,
                OPTIONS);
    }

    @Test
    void enwg42cSettlesQuarterHoursAndRefusesHourlyData() throws InputException {
        Outcome o = run("enwg42c", meters(15, 4), null);
        assertThat(o.table().step().toMinutes()).isEqualTo(15);
        assertThat(o.rule().text(1, 0)).contains("(§42c EnWG, quarter hour)");
        // Dynamic without staticShares: interval 2 has G = 2, C = 4, so A gets 0.5 and B 1.5.
        assertThat(o.allocated()[2 * 3]).isEqualTo(0.5);
        assertThat(o.allocated()[2 * 3 + 1]).isEqualTo(1.5);
        // With staticShares the contract's static key applies.
        Outcome s =
                run("enwg42c", meters(15, 4), "{\"id\":\"es\",\"version\":1,\"staticShares\":{\"A\":0.5,\"B\":0.5}}");
        assertThat(s.rule().text(2, 1)).startsWith("static (§42c EnWG, quarter hour)");
        assertThat(s.allocated()[2 * 3]).isEqualTo(1.0); // min(0.5·2, 1)
        assertThatThrownBy(() -> run("enwg42c", meters(60, 3), null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("§42c EnWG is settled per quarter hour; the meter data is 60-minute");
    }

    @Test
    void aPolicyAtSixtyMinutesSumsQuarterHours() throws InputException {
        Outcome o = run("dynamic", meters(15, 8), "{\"id\":\"h\",\"version\":1,\"resolutionMinutes\":60}");
        assertThat(o.table().step().toMinutes()).isEqualTo(60);
        assertThat(o.table().intervals()).isEqualTo(2);
        // Hour 1: G = 0+1+2+3 = 6, C = 16: A gets 4·6/16.
        assertThat(o.allocated()[0]).isEqualTo(1.5);
        assertThat(o.notes())
                .contains("15-minute meter data summed to 60-minute intervals (labelled with the "
                        + "first timestamp of each)");
        assertThatThrownBy(() -> run("dynamic", meters(60, 3), "{\"id\":\"q\",\"version\":1,\"resolutionMinutes\":15}"))
                .hasMessageContaining("the policy settles every 15 minutes but the meter data is 60-minute");
    }
}
