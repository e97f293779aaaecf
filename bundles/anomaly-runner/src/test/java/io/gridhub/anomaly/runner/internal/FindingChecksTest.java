package io.gridhub.anomaly.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingChecksTest {
    private static final Instant T = Instant.parse("2026-12-07T00:00:00Z");

    private static Finding of(String community) {
        return new Finding(
                community,
                AnomalyKind.GAP,
                AnomalySeverity.LOW,
                List.of("demo.m01.p"),
                List.of("m01"),
                T,
                T,
                "x",
                1,
                "test/1");
    }

    @Test
    void findingsOfTheWindowsCommunityWithinTheCapPass() {
        assertThat(FindingChecks.check(List.of(), "demo", 2)).isEmpty();
        assertThat(FindingChecks.check(List.of(of("demo"), of("demo")), "demo", 2))
                .isEmpty();
    }

    @Test
    void eachWayOfBeingInvalidIsNamed() {
        assertThat(FindingChecks.check(null, "demo", 2)).containsExactly("no list of findings (null)");
        assertThat(FindingChecks.check(List.of(of("demo"), of("demo"), of("demo")), "demo", 2))
                .containsExactly("3 findings in one window, at most 2");
        List<Finding> withNull = new ArrayList<>(Arrays.asList(of("demo"), null));
        assertThat(FindingChecks.check(withNull, "demo", 2)).containsExactly("a null finding");
        assertThat(FindingChecks.check(List.of(of("other")), "demo", 2))
                .containsExactly("a finding of community other in a window of demo");
    }
}
