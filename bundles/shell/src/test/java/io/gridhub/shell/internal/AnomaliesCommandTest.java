package io.gridhub.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.AnomalyState;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.testkit.FakeAnomalyQueue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomaliesCommandTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    private static Finding finding(String community, AnomalyKind kind, AnomalySeverity severity, String member) {
        return new Finding(
                community,
                kind,
                severity,
                List.of(),
                List.of(member),
                T0,
                T0.plusSeconds(60),
                kind + " of " + member,
                1,
                "");
    }

    @Test
    void listsTheQueueLatestFirstFilteredAsTheApiIs() {
        FakeAnomalyQueue queue = new FakeAnomalyQueue(Clock.fixed(T0, ZoneOffset.UTC));
        queue.report(finding("demo", AnomalyKind.STUCK, AnomalySeverity.LOW, "m01"));
        queue.report(finding("demo", AnomalyKind.PROFILE_CHANGE, AnomalySeverity.MEDIUM, "m02"));
        queue.report(finding("north", AnomalyKind.SPIKE, AnomalySeverity.HIGH, "n01"));
        queue.transition(1, AnomalyState.RESOLVED, "olga", "fixed");
        AnomaliesCommand c = new AnomaliesCommand();
        c.queue = queue;
        assertThat(c.table().headers()).startsWith("Id", "Last seen", "Community", "Kind");
        assertThat(c.table().rows()).extracting(r -> r.get(0)).containsExactly("3", "2", "1");
        c.community = "demo";
        assertThat(c.table().rows()).extracting(r -> r.get(3)).containsExactly("profile_change", "stuck");
        c.state = "RESOLVED";
        assertThat(c.table().rows())
                .singleElement()
                .satisfies(r -> assertThat(r).containsSubsequence("stuck", "low", "resolved"));
        c.state = null;
        c.member = "m02";
        assertThat(c.table().rows()).extracting(r -> r.get(0)).containsExactly("2");
        c.severity = "urgent";
        assertThatThrownBy(c::table).hasMessageContaining("severity must be one of [low, medium, high]");
    }
}
