package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.dispatch.FlexibleLoadParameters;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.testkit.FakeBus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlexibleLoadsTest {
    static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    static final Duration STEP = Duration.ofMinutes(30);

    final FlexibleLoads flex = new FlexibleLoads(FlexibleLoads.readyBy(new String[] {"07:00,17:00"}), SYDNEY);
    final FakeBus latest = new FakeBus();

    static Instant local(String dateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(dateTime), SYDNEY).toInstant();
    }

    FlexibleLoads.Result sessions(Topo topo, Instant start, int steps, Set<String> covered) {
        Snapshot snap = Snapshot.sense(topo, latest, start, Duration.ofMinutes(5));
        return flex.sessions(topo, snap, start, STEP, steps, covered);
    }

    @Test
    void theWindowEndsAtTheNextReadyByTimeAtLeastOneStepAhead() {
        // Exactly one step before 07:00: that is the window; from 07:00 on, 17:00; from 17:00 on, 07:00 next day.
        assertThat(flex.readyAt(local("2026-12-07T06:30"), STEP)).isEqualTo(local("2026-12-07T07:00"));
        assertThat(flex.readyAt(local("2026-12-07T06:45"), STEP)).isEqualTo(local("2026-12-07T17:00"));
        assertThat(flex.readyAt(local("2026-12-07T07:00"), STEP)).isEqualTo(local("2026-12-07T17:00"));
        assertThat(flex.readyAt(local("2026-12-07T17:00"), STEP)).isEqualTo(local("2026-12-08T07:00"));
        assertThat(flex.readyAt(local("2026-12-07T23:30"), STEP)).isEqualTo(local("2026-12-08T07:00"));
        // One time a day: at most a day and a step ahead.
        FlexibleLoads once = new FlexibleLoads(List.of(LocalTime.of(7, 0)), SYDNEY);
        assertThat(once.readyAt(local("2026-12-07T06:45"), STEP)).isEqualTo(local("2026-12-08T07:00"));
    }

    @Test
    void eachFlexibleLoadWithAFreshNeedGetsASessionToItsReadyByTimeCappedToWhatItsElementCanDeliver() {
        Topo topo = Topo.of(Fakes.withMemberAssets(), Map.of());
        Instant start = local("2026-12-07T13:00");
        latest.put("demo.m01-hw.energy_need", 5_000, start);
        // 8 steps to 17:00 at 3.6 kW for half an hour each, 95 %: 13,680 Wh fit, not 14,500.
        latest.put("demo.m02-hw.energy_need", 14_500, start);
        FlexibleLoads.Result r = sessions(topo, start, 48, Set.of());
        assertThat(r.sessions())
                .containsExactly(
                        new FlexibleLoadParameters("m01-hw", start, local("2026-12-07T17:00"), 5_000, 0, 3_600),
                        new FlexibleLoadParameters("m02-hw", start, local("2026-12-07T17:00"), 13_680, 0, 3_600));
        assertThat(r.reason())
                .isEqualTo("flexible loads: 2 planned to be ready by 17:00 (1 asked less than their need: more does "
                        + "not fit)");
    }

    @Test
    void aWindowBeyondTheHorizonAsksOnlyWhatFitsInsideIt() {
        Topo topo = Topo.of(Fakes.withMemberAssets(), Map.of());
        Instant start = local("2026-12-07T07:00");
        latest.put("demo.m01-hw.energy_need", 14_500, start);
        latest.put("demo.m02-hw.energy_need", 14_500, start);
        // A 2-hour horizon inside a 10-hour window: 4 steps of 1,710 Wh.
        FlexibleLoads.Result r = sessions(topo, start, 4, Set.of());
        assertThat(r.sessions()).extracting(FlexibleLoadParameters::energyWh).containsExactly(6_840.0, 6_840.0);
        assertThat(r.sessions()).extracting(FlexibleLoadParameters::windowEnd).containsOnly(local("2026-12-07T17:00"));
    }

    @Test
    void aLoadWithoutAFreshNeedOrARatingOrWithASourcesSessionIsLeftOutAndTheReasonCountsWhy() {
        Community c = Fakes.withMemberAssets();
        List<Member> members = new ArrayList<>(c.members());
        Member m = members.get(0);
        Site s = m.sites().get(0);
        List<Asset> assets = new ArrayList<>(s.assets());
        assets.add(new Asset("m01-hw2", null, AssetKind.FLEXIBLE_LOAD, 0, 14_500));
        assets.add(new Asset("m01-hw3", null, AssetKind.FLEXIBLE_LOAD, 3_600, 14_500));
        members.set(
                0,
                new Member(
                        m.id(),
                        m.name(),
                        m.type(),
                        List.of(new Site(s.id(), s.name(), s.feederId(), assets)),
                        m.participations()));
        Topo topo = Topo.of(
                new Community(c.id(), c.name(), members, c.sharedAssets(), c.feeders(), c.transformers()), Map.of());
        Instant start = local("2026-12-07T13:00");
        // m01-hw: its need is ten minutes old; m01-hw2: no rating; m01-hw3: a source plans it; m02-hw: not good.
        latest.put("demo.m01-hw.energy_need", 5_000, start.minus(Duration.ofMinutes(10)));
        latest.put("demo.m01-hw2.energy_need", 5_000, start);
        latest.put("demo.m01-hw3.energy_need", 5_000, start);
        latest.put(new Sample(
                PointId.of("demo.m02-hw.energy_need"),
                5_000,
                Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "timeout"),
                start,
                start));
        FlexibleLoads.Result r = sessions(topo, start, 48, Set.of("m01-hw3"));
        assertThat(r.sessions()).isEmpty();
        assertThat(r.reason())
                .isEqualTo("flexible loads: 0 planned to be ready by 17:00, 4 left out (1 with a session source's "
                        + "session, 2 without a fresh energy_need, 1 without a rated power)");
    }

    @Test
    void aCommunityWithoutFlexibleLoadsGetsNoSessionAndNoReason() {
        FlexibleLoads.Result r =
                sessions(Topo.of(Fakes.community(), Map.of()), local("2026-12-07T13:00"), 48, Set.of());
        assertThat(r.sessions()).isEmpty();
        assertThat(r.reason()).isEmpty();
    }

    @Test
    void aBadReadyByTimeIsRefusedNamingIt() {
        assertThatThrownBy(() -> FlexibleLoads.readyBy(new String[] {"07:00, 7pm"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flexibleLoadReadyBy: '7pm' is not a local time HH:mm (e.g. 07:00)");
        assertThatThrownBy(() -> new FlexibleLoads(FlexibleLoads.readyBy(new String[] {" "}), SYDNEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one local time");
    }

    @Test
    void senseReadsTheNeedOfFlexibleLoadsOnly() {
        Topo topo = Topo.of(Fakes.withMemberAssets(), Map.of());
        Instant now = local("2026-12-07T13:00");
        latest.put("demo.m01-hw.energy_need", 5_000, now);
        latest.put("demo.m01-load.energy_need", 5_000, now);
        Snapshot snap = Snapshot.sense(topo, latest, now, Duration.ofMinutes(5));
        assertThat(snap.value(PointId.of("demo.m01-hw.energy_need"))).contains(5_000.0);
        assertThat(snap.value(PointId.of("demo.m01-load.energy_need"))).isEmpty();
    }
}
