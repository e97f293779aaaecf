package io.gridhub.api.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.allocation.AllocationPolicy;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.PolicyRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two 15-minute intervals: a producer P (1000 Wh, then 200 Wh) and two consumers, A (600 Wh, 600 Wh) and B
 * (200 Wh, 0 Wh). The dynamic key gives A 600 and B 200 in the first, A 200 in the second.
 */
class AllocationChecksTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration Q = Duration.ofMinutes(15);
    private static final Instant T1 = T0.plus(Q);
    private static final PolicyRef POLICY = new PolicyRef("dyn", 1);
    private static final AllocationRequest REQUEST = new AllocationRequest(
            "c1",
            POLICY,
            List.of(
                    new MeterInterval(T0, Q, "P", 0, 1000),
                    new MeterInterval(T0, Q, "A", 600, 0),
                    new MeterInterval(T0, Q, "B", 200, 0),
                    new MeterInterval(T1, Q, "P", 0, 200),
                    new MeterInterval(T1, Q, "A", 600, 0),
                    new MeterInterval(T1, Q, "B", 0, 0)));

    private static AllocationLine line(Instant t, String member, double wh, double eur) {
        return new AllocationLine(t, Q, member, wh, eur, POLICY, "test");
    }

    private static List<AllocationLine> dynamic() {
        return new ArrayList<>(List.of(
                line(T0, "P", 0, 0),
                line(T0, "A", 600, 0.06),
                line(T0, "B", 200, 0.02),
                line(T1, "P", 0, 0),
                line(T1, "A", 200, 0.02),
                line(T1, "B", 0, 0)));
    }

    private static List<String> check(List<AllocationLine> lines) {
        return OutputChecks.allocation(REQUEST, new AllocationResult("t", POLICY, lines));
    }

    @Test
    void aKeyThatAllocatesAtMostTheSharedEnergyAndAtMostEachConsumptionIsValid() {
        assertThat(check(dynamic())).isEmpty();
        // A static key may leave energy unallocated (it goes to the grid).
        List<AllocationLine> lines = dynamic();
        lines.set(1, line(T0, "A", 300, 0.03));
        assertThat(check(lines)).isEmpty();
    }

    @Test
    void aMissingUnknownOrRepeatedMemberIsNamed() {
        assertThat(OutputChecks.allocation(REQUEST, null)).containsExactly("no allocation: the strategy returned null");
        List<AllocationLine> lines = dynamic();
        lines.remove(5);
        lines.add(line(T0, "Z", 0, 0));
        lines.add(line(T0, "A", 600, 0.06));
        assertThat(check(lines))
                .containsExactly(
                        "a line for member Z at 2026-03-01T10:00:00Z, who is not in the request",
                        "member A has two lines for the PT15M at 2026-03-01T10:00:00Z",
                        "member B has no line for its metered interval at 2026-03-01T10:15:00Z");
    }

    @Test
    void notFiniteNegativeAndOverAllocatedLinesAreNamed() {
        List<AllocationLine> lines = dynamic();
        lines.set(0, line(T0, "P", Double.NaN, 0));
        lines.set(2, line(T0, "B", -5, 0));
        lines.set(4, line(T1, "A", 250, 0.025));
        assertThat(check(lines))
                .containsExactly(
                        "member P at 2026-03-01T10:00:00Z: allocated NaN Wh, value 0 EUR",
                        "member B at 2026-03-01T10:00:00Z is allocated a negative -5 Wh",
                        "interval at 2026-03-01T10:15:00Z: the members are allocated 250 Wh together, more than the "
                                + "shared energy 200 Wh (generation 200 Wh, consumption 600 Wh)");
        List<AllocationLine> greedy = dynamic();
        greedy.set(1, line(T0, "A", 500, 0));
        greedy.set(2, line(T0, "B", 300, 0));
        assertThat(check(greedy))
                .containsExactly(
                        "member B at 2026-03-01T10:00:00Z is allocated 300 Wh, more than it consumed (200 Wh)");
    }

    @Test
    void participationFactorsAndCoarserLinesCountAsTheKeysCountThem() {
        // B takes part with 50 %: 100 Wh of its 200 Wh count here.
        AllocationPolicy rules = new AllocationPolicy(
                POLICY,
                "c1",
                "dynamic",
                30,
                Set.of(),
                Map.of(),
                List.of(),
                Map.of("B", List.of(new Participation("c1", 0.5), new Participation("c2", 0.5))),
                Map.of(),
                0,
                0,
                0);
        AllocationRequest request = new AllocationRequest("c1", POLICY, REQUEST.meters(), rules, null);
        Duration half = Duration.ofMinutes(30);
        List<AllocationLine> halfHourly = List.of(
                new AllocationLine(T0, half, "P", 0, 0, POLICY, "r"),
                new AllocationLine(T0, half, "A", 1100, 0, POLICY, "r"),
                new AllocationLine(T0, half, "B", 100, 0, POLICY, "r"));
        assertThat(OutputChecks.allocation(request, new AllocationResult("t", POLICY, halfHourly)))
                .isEmpty();
        List<AllocationLine> tooMuch = List.of(
                new AllocationLine(T0, half, "P", 0, 0, POLICY, "r"),
                new AllocationLine(T0, half, "A", 1000, 0, POLICY, "r"),
                new AllocationLine(T0, half, "B", 150, 0, POLICY, "r"));
        assertThat(OutputChecks.allocation(request, new AllocationResult("t", POLICY, tooMuch)))
                .containsExactly(
                        "member B at 2026-03-01T10:00:00Z is allocated 150 Wh, more than it consumed (100 Wh)");
    }

    @Test
    void savingsSharesAreTheSumsOfEachMembersLineValues() {
        List<MemberShare> shares =
                List.of(new MemberShare("P", 0, 0), new MemberShare("A", 0.08, 0), new MemberShare("B", 0.02, 0));
        assertThat(OutputChecks.allocation(REQUEST, new AllocationResult("t", POLICY, dynamic(), shares, null)))
                .isEmpty();
        List<MemberShare> off = List.of(new MemberShare("A", 0.09, 0), new MemberShare("B", Double.NaN, 0));
        assertThat(OutputChecks.allocation(REQUEST, new AllocationResult("t", POLICY, dynamic(), off, null)))
                .containsExactly(
                        "member A: savings share 0.09 EUR, but its lines add up to 0.08 EUR",
                        "member B: savings share NaN EUR, standard error 0 EUR",
                        "member P has no savings share");
    }
}
