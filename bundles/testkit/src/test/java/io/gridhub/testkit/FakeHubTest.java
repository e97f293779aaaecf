package io.gridhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.allocation.MemberShare;
import io.gridhub.api.audit.AuditException;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.event.Severity;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.ProposalState;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.PolicyRef;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FakeHubTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final PointId P = PointId.of("demo.m01.meter.p");
    private final SteppingClock clock = SteppingClock.at(T);
    private final FakeHub hub = new FakeHub(clock);

    private static Sample sample(PointId p, double v, Instant t) {
        return new Sample(p, v, Quality.GOOD, t, t);
    }

    @Test
    void theRegistryKeepsAPointsQuantity() {
        hub.registry.register(Point.of(P, "m01-meter", PointKind.MEASUREMENT, Quantity.values()[0], Direction.NONE));
        hub.registry.register(Point.of(P, "m01-meter", PointKind.STATUS, Quantity.values()[0], Direction.NONE));
        assertThat(hub.registry.point(P)).map(Point::kind).contains(PointKind.STATUS);
        assertThat(hub.registry.points()).hasSize(1);
        assertThatThrownBy(() -> hub.registry.register(
                        Point.of(P, "m01-meter", PointKind.MEASUREMENT, Quantity.values()[1], Direction.NONE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBusDeliversMatchingSamplesAtOnceAndKeepsTheLatestBySourceTime() {
        List<Sample> seen = new ArrayList<>();
        Subscription sub = hub.bus.subscribe("t", p -> p.equals(P), 10, seen::addAll);
        hub.bus.publish(List.of(sample(P, 1, T), sample(PointId.of("other"), 2, T)));
        hub.bus.publish(sample(P, 0.5, T.minusSeconds(1)));
        assertThat(seen).extracting(Sample::value).containsExactly(1.0, 0.5);
        assertThat(sub.delivered()).isEqualTo(2);
        assertThat(hub.bus.latest(P)).map(Sample::value).contains(1.0);
        assertThat(hub.bus.published()).isEqualTo(3);
        assertThat(hub.bus.batches()).hasSize(2);
        assertThat(hub.bus.all()).hasSize(3);
        sub.close();
        assertThat(hub.bus.subscribers()).isZero();
        hub.bus.publish(sample(P, 9, T.plusSeconds(1)));
        assertThat(seen).hasSize(2);
        hub.bus.put("demo.x", 4, T);
        assertThat(hub.bus.snapshot()).containsKeys(P, PointId.of("demo.x"));
        hub.bus.forget(P);
        assertThat(hub.bus.latest(P)).isEmpty();
    }

    @Test
    void theStoreAggregatesLikeDerbyAndFailsOnRequest() throws Exception {
        hub.store.append(List.of(
                sample(P, 1, T),
                sample(P, 3, T.plusSeconds(60)),
                new Sample(P, 100, Quality.invalid(Quality.Reason.OUT_OF_RANGE, "x"), T.plusSeconds(61), T),
                sample(P, 5, T.plusSeconds(900))));
        assertThat(hub.store.aggregate(P, T, T.plusSeconds(1800), Duration.ofMinutes(15)))
                .containsExactly(new Bucket(T, 2, 1, 3, 2, 3), new Bucket(T.plusSeconds(900), 1, 5, 5, 5, 5));
        assertThat(hub.store.aggregates()).isEqualTo(1);
        assertThat(hub.store.range(P, T, T.plusSeconds(61)))
                .extracting(Sample::value)
                .containsExactly(1.0, 3.0);
        assertThat(hub.store.range(P, T, T.plusSeconds(3600), 2)).hasSize(2);
        assertThat(hub.store.latest(P)).map(Sample::value).contains(5.0);
        hub.store.remove(P, s -> s.value() == 5);
        assertThat(hub.store.latest(P)).map(Sample::value).contains(100.0);
        hub.store.failWith(new StoreException("disk full (test)"));
        assertThatThrownBy(() -> hub.store.append(List.of(sample(P, 1, T)))).hasMessage("disk full (test)");
        assertThatThrownBy(() -> hub.store.range(P, T, T)).isInstanceOf(StoreException.class);
        hub.store.putAll(List.of(sample(P, 7, T.plusSeconds(2)))); // set-up still works while the store fails
        hub.store.failWith(null);
        assertThat(hub.store.erase(P)).isEqualTo(4);
        assertThat(hub.store.stored()).isEmpty();
    }

    @Test
    void theLedgerVersionsEachPeriodAtTheClocksTime() throws Exception {
        SettlementRun run = new SettlementRun(
                "demo",
                "p1",
                0,
                null,
                "proportional",
                null,
                new PolicyRef("key", 1),
                List.of(),
                List.of(),
                List.<MemberShare>of(),
                List.of());
        assertThat(hub.ledger.append(run).version()).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        SettlementRun second = hub.ledger.append(run);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.recordedAt()).isEqualTo(T.plusSeconds(3600));
        assertThat(hub.ledger.latest("demo", "p1")).contains(second);
        assertThat(hub.ledger.periods("demo")).containsExactly("p1");
        assertThat(hub.ledger.communities()).containsExactly("demo");
    }

    @Test
    void governancePutsTheHighestApprovedVersionInForceFromItsDate() throws Exception {
        Actor ann = new Actor("ann", Set.of("operator"), "ann");
        Actor lead = new Actor("lee", Set.of(Actor.GOVERNANCE_LEAD), "lee");
        long v1 = hub.governance
                .propose("{\"id\":\"key\",\"version\":1}", null, ann)
                .id();
        long v2 = hub.governance
                .propose("{\"id\":\"key\",\"version\":2}", T.plusSeconds(3600), ann)
                .id();
        hub.governance.approve(v1, lead);
        hub.governance.approve(v2, lead);
        assertThat(hub.governance.inForce("key", T)).map(p -> p.version()).contains(1);
        assertThat(hub.governance.inForce("key", T.plusSeconds(3600)))
                .map(p -> p.version())
                .contains(2);
        long v3 = hub.governance
                .propose("{\"id\":\"key\",\"version\":3}", null, ann)
                .id();
        assertThat(hub.governance.reject(v3, lead, "no").state()).isEqualTo(ProposalState.REJECTED);
        assertThat(hub.governance.approved("key", 3)).isEmpty();
        assertThat(hub.governance.proposals()).hasSize(3);
    }

    @Test
    void eventsAndAuditRecordWhatHappenedAtTheClocksTime() throws Exception {
        hub.events.raise("demo", "loop", Severity.WARNING, "bat", "first");
        hub.events.raise("demo", "loop", Severity.INFO, "bat", "second");
        assertThat(hub.events.recent(1)).extracting(e -> e.message()).containsExactly("second");
        assertThat(hub.events.raised.get(0).time()).isEqualTo(T);

        hub.audit.append("ann", "rest", "plan.confirm", "plan demo-1", "confirmed", "");
        assertThat(hub.audit.records)
                .singleElement()
                .satisfies(r -> assertThat(r.at()).isEqualTo(T));
        hub.audit.refuse = true;
        assertThatThrownBy(() -> hub.audit.append("ann", "rest", "x", "y", "z", ""))
                .isInstanceOf(AuditException.class);
    }

    @Test
    void theWriterWritesOnlyMappedPointsAndReadsBackGoodWrites() throws Exception {
        hub.writer.map("demo.bat.p-set").readBackTo(hub.bus, clock);
        assertThat(hub.writer.write(PointId.of("demo.bat.p-set"), 2999.6).get()).isEqualTo(Quality.GOOD);
        assertThat(hub.writer.write(P, 1).get().isGood()).isFalse();
        assertThat(hub.writer.writes).containsExactly("demo.bat.p-set=3000");
        assertThat(hub.writer.values).containsExactly(2999.6);
        assertThat(hub.bus.latest(PointId.of("demo.bat.p-set")))
                .map(Sample::value)
                .contains(2999.6);
        assertThat(hub.writer.writable(P)).isFalse();
    }
}
