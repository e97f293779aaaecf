package io.gridhub.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelValidationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void pointIdRejectsWhatRestPathsAndStoresCannotCarry() {
        assertThat(PointId.of("demo.m01.meter.p").value()).isEqualTo("demo.m01.meter.p");
        assertThatThrownBy(() -> PointId.of("a..b")).hasMessageContaining("invalid point id 'a..b'");
        assertThatThrownBy(() -> PointId.of("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PointId.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void participationFactorsAreCappedAtOneHundredPercentAndFiveCommunities() {
        Member ok = new Member(
                "m1", null, null, List.of(), List.of(new Participation("c1", 0.6), new Participation("c2", 0.4)));
        assertThat(ok.factorIn("c2")).isEqualTo(0.4);
        assertThat(ok.factorIn("c9")).isZero();
        assertThatThrownBy(() -> new Member(
                        "m1",
                        null,
                        null,
                        List.of(),
                        List.of(new Participation("c1", 0.7), new Participation("c2", 0.4))))
                .hasMessageContaining("110.0 %");
        List<Participation> six = List.of(
                new Participation("a", .1),
                new Participation("b", .1),
                new Participation("c", .1),
                new Participation("d", .1),
                new Participation("e", .1),
                new Participation("f", .1));
        assertThatThrownBy(() -> new Member("m1", null, null, List.of(), six)).hasMessageContaining("at most 5");
    }

    @Test
    void communityRejectsDuplicateIdsAndDanglingFeeders() {
        Site s = new Site("s1", null, "f9", List.of());
        Member m = new Member("m1", null, MemberType.HOUSEHOLD, List.of(s), List.of());
        assertThatThrownBy(() -> new Community("c", null, List.of(m), List.of(), List.of(), List.of()))
                .hasMessageContaining("unknown feeder f9");
        Asset a = new Asset("m1", null, AssetKind.PV, 5000, 0);
        Member m2 = new Member("m1", null, null, List.of(new Site("s2", null, null, List.of(a))), List.of());
        assertThatThrownBy(() -> new Community("c", null, List.of(m2), List.of(), List.of(), List.of()))
                .hasMessageContaining("'m1' is used twice");
    }

    @Test
    void aCommunityListsEveryAssetWithItsMemberAndSiteSharedOnesFirst() {
        Asset bat = new Asset("bat", null, AssetKind.BATTERY, 10000, 20000);
        Asset pv = new Asset("pv1", null, AssetKind.PV, 5000, 0);
        Asset meter = new Asset("meter1", null, AssetKind.METER, 0, 0);
        Site s = new Site("s1", null, null, List.of(pv, meter));
        Member m = new Member("m1", null, MemberType.HOUSEHOLD, List.of(s), List.of());
        Community c = new Community("c", null, List.of(m), List.of(bat), List.of(), List.of());

        assertThat(c.placements())
                .containsExactly(
                        new Community.Placement(bat, null, null),
                        new Community.Placement(pv, m, s),
                        new Community.Placement(meter, m, s));
    }

    @Test
    void qualityReasonsMatchTheirStatus() {
        assertThat(Quality.GOOD.isGood()).isTrue();
        assertThatThrownBy(() -> new Quality(Quality.Status.INVALID, Quality.Reason.NONE, null))
                .hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> Sample.good(PointId.of("p"), Double.NaN, T0)).hasMessageContaining("non-finite");
        Sample bad = new Sample(
                PointId.of("p"), Double.NaN, Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "timeout"), T0, T0);
        assertThat(bad.quality().detail()).isEqualTo("timeout");
    }

    @Test
    void timeSeriesIsImmutableAndKnowsItsSteps() {
        double[] v = {1, 2, 3};
        TimeSeries ts = new TimeSeries(T0, Duration.ofMinutes(30), "W", T0, v);
        v[0] = 99;
        ts.values()[1] = 99;
        assertThat(ts.value(0)).isEqualTo(1);
        assertThat(ts.value(1)).isEqualTo(2);
        assertThat(ts.timeAt(2)).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(ts.end()).isEqualTo(T0.plus(Duration.ofMinutes(90)));
        assertThat(ts).isEqualTo(new TimeSeries(T0, Duration.ofMinutes(30), "W", T0, new double[] {1, 2, 3}));
    }

    @Test
    void planSchedulesCoverEveryStep() {
        Explanation e = new Explanation("idle", 10, 12, List.of());
        assertThat(e.savingsEur()).isEqualTo(2);
        assertThatThrownBy(() -> new Plan(
                        "p",
                        "lp",
                        T0,
                        T0,
                        Duration.ofMinutes(15),
                        4,
                        List.of(new AssetSchedule("bat", null, new double[3], "")),
                        e))
                .hasMessageContaining("3 setpoints for 4 steps");
    }

    @Test
    void aPlanCarriesItsSolveTimeWhenASolverMadeIt() {
        Explanation e = new Explanation("idle", 0, 0, List.of());
        Plan ruled = new Plan("p", "rules", T0, T0, Duration.ofMinutes(15), 1, List.of(), e);
        assertThat(ruled.solveTime()).isNull();
        assertThat(ruled.withSolveTime(Duration.ofMillis(40)).solveTime()).isEqualTo(Duration.ofMillis(40));
        assertThatThrownBy(() -> ruled.withSolveTime(Duration.ofMillis(-1))).hasMessageContaining("negative solve");
    }
}
