package io.gridhub.api.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.model.Quality;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DriverSpiHelpersTest {
    @Test
    void selectionOfRunsItsActions() throws Exception {
        List<String> calls = new ArrayList<>();
        Quality refusedOperate = Quality.invalid(Quality.Reason.BLOCKED, "interlocked");
        Commandable.Selection s = Commandable.Selection.of(
                Quality.GOOD,
                () -> {
                    calls.add("operate");
                    return refusedOperate;
                },
                () -> calls.add("cancel"));

        assertThat(s.quality()).isEqualTo(Quality.GOOD);
        assertThat(s.operate()).isEqualTo(refusedOperate);
        s.cancel();
        assertThat(calls).containsExactly("operate", "cancel");
    }

    @Test
    void selectionOfPassesALostConnectionOn() {
        ConnectionException lost = new ConnectionException("peer closed");
        Commandable.Selection s = Commandable.Selection.of(
                Quality.GOOD,
                () -> {
                    throw lost;
                },
                () -> {
                    throw lost;
                });

        assertThatThrownBy(s::operate).isSameAs(lost);
        assertThatThrownBy(s::cancel).isSameAs(lost);
    }

    @Test
    void aRefusedSelectionAnswersItsQualityAndCancelsNothing() throws Exception {
        Quality no = Quality.invalid(Quality.Reason.BLOCKED, "select refused");
        Commandable.Selection s = Commandable.Selection.refused(no);

        assertThat(s.quality()).isEqualTo(no);
        assertThat(s.operate()).isEqualTo(no);
        s.cancel();
        assertThat(s.operate()).isEqualTo(no);
    }

    @Test
    void aContextOutsideTheHubRunsTimedWorkAndIgnoresALostLink() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
        DeviceContext c = DeviceContext.of("m01", clock);
        CompletableFuture<String> ran = new CompletableFuture<>();

        c.scheduler().schedule(() -> ran.complete(Thread.currentThread().getName()), Duration.ofMillis(1));
        c.linkLost(new IllegalStateException("gone"));

        assertThat(c.deviceName()).isEqualTo("m01");
        assertThat(c.clock()).isSameAs(clock);
        assertThat(ran.get(5, TimeUnit.SECONDS)).isEqualTo("gridhub-device-context");
    }
}
