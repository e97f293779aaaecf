package io.gridhub.core.internal.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gaps of a lost link and of a hub restart, and what fills them. */
class BackfillTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final DeviceMapping.Channel POLLED = DeviceMapping.Channel.of("hr:1", PointId.of("m.p"));
    private static final DeviceMapping.Channel PUSHED = DeviceMapping.Channel.of("ioa:1", PointId.of("m.e"));
    private static final DeviceMapping.Channel NEW = DeviceMapping.Channel.of("ioa:2", PointId.of("m.n"));
    /** Polled every 10 s; pushed ones count as read never. */
    private static final Map<DeviceMapping.Channel, Long> READ_EVERY = Map.of(POLLED, 10_000L, PUSHED, 0L, NEW, 0L);

    @Test
    void afterARestartEachPointsOutageBeginsJustAfterItsLastStoredSample() {
        Backfill b = new Backfill();
        b.resume(Map.of(POLLED.point(), T0, PUSHED.point(), T0.plusSeconds(50)));

        assertThat(b.reconnected(T0.plusSeconds(60), READ_EVERY)).isTrue();
        // A reading dated before the pushed point's own outage does not fill it; one inside does.
        b.seen(PUSHED, T0.plusSeconds(40), Quality.GOOD);
        b.seen(POLLED, T0.plusSeconds(30), Quality.GOOD);

        assertThat(b.settle())
                .containsExactly(new Backfill.Gap(PUSHED, T0.plusSeconds(50).plusMillis(1), T0.plusSeconds(60)));
        assertThat(b.gaps()).isEqualTo(Map.of(PUSHED.point(), 1L));
        assertThat(b.last().from()).isEqualTo(T0.plusSeconds(50).plusMillis(1));
        assertThat(b.reconnected(T0.plusSeconds(70), READ_EVERY))
                .as("only the first connect resumes")
                .isFalse();
    }

    @Test
    void aLostLinkOpensAGapOfEveryPointReadMoreOftenThanTheOutageLasted() {
        Backfill b = new Backfill();
        b.lost(T0);
        b.lost(T0.plusSeconds(1));

        assertThat(b.reconnected(T0.plusSeconds(5), READ_EVERY)).isTrue();
        b.seen(PUSHED, T0.plusSeconds(2), Quality.GOOD);

        assertThat(b.settle()).containsExactly(new Backfill.Gap(NEW, T0, T0.plusSeconds(5)));
        assertThat(b.settle()).as("counted once").isEmpty();
        assertThat(b.gaps()).isEqualTo(Map.of(NEW.point(), 1L));
    }

    @Test
    void aGapTheDeviceMarksInsideTheOutageIsCountedEvenWhereLaterReadingsFillTheRest() {
        Backfill b = new Backfill();
        b.lost(T0);
        assertThat(b.reconnected(T0.plusSeconds(60), READ_EVERY)).isTrue();
        Quality mark = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "gap: the load profile holds no records");
        // A load profile's records from 30 s on, then its mark of what the ring no longer holds.
        b.seen(PUSHED, T0.plusSeconds(30), Quality.GOOD);
        b.seen(PUSHED, T0, mark);
        b.seen(POLLED, T0.plusSeconds(30), Quality.GOOD);
        b.seen(NEW, T0.plusSeconds(1), mark);

        assertThat(b.settle())
                .as("the host marks only what nothing filled; NEW's mark fills nothing")
                .containsExactly(new Backfill.Gap(NEW, T0, T0.plusSeconds(60)));
        assertThat(b.gaps()).isEqualTo(Map.of(PUSHED.point(), 1L, NEW.point(), 1L));
        b.seen(PUSHED, T0, mark);
        assertThat(b.settle()).isEmpty();
        assertThat(b.gaps()).as("counted once").isEqualTo(Map.of(PUSHED.point(), 1L, NEW.point(), 1L));
    }
}
