package io.gridhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeIngestTest {
    private static final PointId P_SET = PointId.of("demo.bat.p-set");
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    private final FakeIngest ingest =
            new FakeIngest().map("bat", Map.of("fast", 100L), DeviceMapping.Channel.of("pset", P_SET));

    @Test
    void handsOutTheMappingOfADescribedDeviceOnly() {
        assertThat(ingest.mapping("bat").orElseThrow().channels())
                .extracting(DeviceMapping.Channel::point)
                .containsExactly(P_SET);
        assertThat(ingest.mapping("bat").orElseThrow().pollGroups()).containsEntry("fast", 100L);
        assertThat(ingest.mapping("meter")).isEmpty();
    }

    @Test
    void keepsCyclesRawAndFindsTheLastReadingOfAnAddress() {
        ingest.ingest("bat", List.of(RawReading.of("bat", "pset", 1, T), RawReading.of("bat", "soc", 50, T)));
        assertThat(ingest.ingest("bat", List.of(RawReading.of("bat", "pset", 2, T.plusSeconds(1))))
                        .published())
                .isEqualTo(1);
        assertThat(ingest.cycles).hasSize(2);
        assertThat(ingest.last("bat", "pset").orElseThrow().rawValue()).isEqualTo(2);
        assertThat(ingest.last("bat", "soc").orElseThrow().rawValue()).isEqualTo(50);
        assertThat(ingest.last("meter", "pset")).isEmpty();
    }

    @Test
    void failsLikeNormalizationThatStoppedWhileFailing() {
        ingest.failing = true;
        assertThatThrownBy(() -> ingest.ingest("bat", List.of(RawReading.of("bat", "pset", 1, T))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ingest.cycles).isEmpty();
    }

    @Test
    void writesBecomeRawByThePointsDivisorAndOnlyForMappedPoints() {
        assertThat(ingest.toRaw("bat", P_SET, -1500)).isEqualTo(-1500);
        ingest.writeDivisors.put(P_SET, 1000.0);
        assertThat(ingest.toRaw("bat", P_SET, -1500)).isEqualTo(-1.5);
        assertThatThrownBy(() -> ingest.toRaw("bat", PointId.of("demo.bat.soc"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no mapping of bat maps demo.bat.soc");
        assertThatThrownBy(() -> ingest.toRaw("meter", P_SET, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
