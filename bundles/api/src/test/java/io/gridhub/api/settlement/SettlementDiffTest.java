package io.gridhub.api.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettlementDiffTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SettlementDiff.LineChange line(String member, int quarter) {
        return new SettlementDiff.LineChange(member, T0.plusSeconds(900L * quarter), 1, 2, 0, 0, 1, 1.5, 0.1, 0.15);
    }

    @Test
    void oneMembersPartIsItsLinesInOrderAndItsShare() {
        SettlementDiff.ShareChange b = new SettlementDiff.ShareChange("B", 1.0, 1.2);
        SettlementDiff d = new SettlementDiff(
                "demo", "2026-01", 1, 2, List.of(line("A", 0), line("B", 0), line("A", 1)), List.of(b));

        assertThat(d.linesOf("A")).containsExactly(line("A", 0), line("A", 1));
        assertThat(d.linesOf("B")).containsExactly(line("B", 0));
        assertThat(d.linesOf("C")).isEmpty();
        assertThat(d.shareOf("B")).isEqualTo(b);
        assertThat(d.shareOf("A")).isNull();
    }
}
