package io.gridhub.driver.ocpp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.EvSession.Origin;
import io.gridhub.api.ev.EvSession.State;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class SessionBookTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    void aSessionTakesTheChargePointsDefaultsUntilTheMemberSaysAndCountsEnergyFromTheStartMeter() {
        SessionBook book = new SessionBook(T0);
        EvSession s = book.start(
                "cp1", OcppPeerTest.cp("cp1", "defaultStayMinutes", 120, "defaultEnergyWh", 9000), 1, "TAG", 500, T0);
        assertThat(s.departure()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(s.energyNeededWh()).isEqualTo(9000);
        assertThat(s.departureSource()).isEqualTo(Origin.DEFAULT);

        EvSession m = book.meter("cp1", 1, 2500, 7000, Double.NaN).orElseThrow();
        assertThat(m.energyDeliveredWh()).isEqualTo(2000);
        assertThat(m.energyRemainingWh()).isEqualTo(7000);
        assertThat(m.powerW()).isEqualTo(7000);

        EvSession u = book.update(s.id(), T0.plus(Duration.ofHours(5)), null);
        assertThat(u.departureSource()).isEqualTo(Origin.MEMBER);
        assertThat(u.energyNeededSource()).isEqualTo(Origin.DEFAULT);
        assertThat(u.energyDeliveredWh()).isEqualTo(2000);
        var ev = u.toEvParameters(T0.plus(Duration.ofHours(1)));
        assertThat(ev.assetId()).isEqualTo("ev-cp1");
        assertThat(ev.energyWh()).isEqualTo(7000);
        assertThat(ev.arrival()).isEqualTo(T0.plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> book.update(s.id(), T0.minusSeconds(1), null)).hasMessageContaining("after arrival");
        assertThatThrownBy(() -> book.update(s.id(), null, -1.0)).hasMessageContaining("0 Wh or more");
        assertThatThrownBy(() -> book.update("nope", null, 1.0)).isInstanceOf(NoSuchElementException.class);

        EvSession end =
                book.stop("cp1", s.transactionId(), 4000, T0.plusSeconds(3600)).orElseThrow();
        assertThat(end.state()).isEqualTo(State.ENDED);
        assertThat(end.energyDeliveredWh()).isEqualTo(3500);
        assertThat(end.toEvParameters(T0)).isNull();
        assertThatThrownBy(() -> book.update(s.id(), null, 1.0)).hasMessageContaining("ended");
        assertThat(book.all()).containsExactly(end);
    }

    @Test
    void aNewTransactionOnABusyConnectorEndsTheOldOneAndIdsDoNotRepeat() {
        SessionBook book = new SessionBook(T0);
        EvSession a = book.start("cp1", OcppPeerTest.cp("cp1"), 1, "A", 0, T0);
        EvSession b = book.start("cp1", OcppPeerTest.cp("cp1"), 1, "B", 0, T0.plusSeconds(60));
        assertThat(b.transactionId()).isGreaterThan(a.transactionId());
        assertThat(book.get(a.id()).orElseThrow().state()).isEqualTo(State.ENDED);
        assertThat(book.online("cp1", false)).extracting(EvSession::id).containsExactly(b.id());
        assertThat(book.get(b.id()).orElseThrow().state()).isEqualTo(State.OFFLINE);
        assertThat(new SessionBook(T0.plusSeconds(10))
                        .start("cp1", OcppPeerTest.cp("cp1"), 1, "C", 0, T0)
                        .transactionId())
                .as("a restarted hub starts above the ids it gave before")
                .isGreaterThan(a.transactionId());
    }
}
