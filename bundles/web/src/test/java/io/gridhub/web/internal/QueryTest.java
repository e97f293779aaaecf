package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aRangeDefaultsToTheSpanBeforeNowAndKeepsWhatIsGiven() {
        assertThat(Query.range(Map.<String, String>of()::get, NOW, Duration.ofHours(1)))
                .isEqualTo(new Query.Range(NOW.minus(Duration.ofHours(1)), NOW));
        assertThat(Query.range(Map.of("to", "2026-12-01T00:00:00Z")::get, NOW, Duration.ofDays(1)))
                .isEqualTo(
                        new Query.Range(Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(Query.range(Map.of("from", "2026-12-07T11:59:00Z")::get, NOW, Duration.ofDays(1)))
                .isEqualTo(new Query.Range(Instant.parse("2026-12-07T11:59:00Z"), NOW));
    }

    @Test
    void aRangeThatIsEmptyBackwardsOrNotInstantsIsA400() {
        assertThatThrownBy(() -> Query.range(Map.of("from", "2026-12-07T12:00:00Z")::get, NOW, Duration.ofDays(1)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("from (2026-12-07T12:00:00Z) must be before to (2026-12-07T12:00:00Z)");
        assertThatThrownBy(() -> Query.range(Map.of("from", "2026-12-08T00:00:00Z")::get, NOW, Duration.ofDays(1)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> Query.range(Map.of("to", "yesterday")::get, NOW, Duration.ofDays(1)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("to must be an ISO-8601 instant");
    }
}
