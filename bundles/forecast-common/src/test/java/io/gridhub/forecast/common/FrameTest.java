package io.gridhub.forecast.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z"); // a Monday
    private static final Duration STEP = Duration.ofHours(6);

    private static ForecastRequest request(double[] v, Instant issue, ZoneId zone, Map<String, TimeSeries> exo) {
        return new ForecastRequest(
                "t",
                ForecastKind.LOAD,
                new TimeSeries(START, STEP, "kWh", issue, v),
                exo,
                issue,
                Duration.ofDays(1),
                zone,
                null);
    }

    @Test
    void laysHistoryThenHorizonWithNothingAfterTheIssue() {
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8};
        Frame f = Frame.of(request(v, START.plus(STEP.multipliedBy(8)), ZoneOffset.UTC, Map.of()));
        assertThat(f.issue()).isEqualTo(8);
        assertThat(f.steps()).isEqualTo(4);
        assertThat(f.period()).isEqualTo(4);
        assertThat(f.y()).hasSize(12);
        assertThat(f.y()[7]).isEqualTo(8);
        assertThat(f.y()[8]).isNaN();
        assertThat(f.dayOfWeek(0)).isEqualTo(0);
        assertThat(f.dayOfWeek(4)).isEqualTo(1);
        assertThat(f.secondOfDay(3)).isEqualTo(18 * 3600);
    }

    @Test
    void historyEndingBeforeTheIssueLeavesAGapOfMissingValues() {
        Frame f = Frame.of(request(new double[] {1, 2}, START.plus(STEP.multipliedBy(4)), ZoneOffset.UTC, Map.of()));
        assertThat(f.issue()).isEqualTo(4);
        assertThat(f.y()[2]).isNaN();
        assertThat(f.y()[3]).isNaN();
    }

    @Test
    void issueOffTheGridIsRefused() {
        assertThatThrownBy(() ->
                        Frame.of(request(new double[] {1}, START.plus(Duration.ofHours(7)), ZoneOffset.UTC, Map.of())))
                .hasMessageContaining("not on the history's grid");
    }

    @Test
    void calendarFollowsTheZone() {
        Frame f = Frame.of(request(
                new double[] {1, 2}, START.plus(STEP.multipliedBy(2)), ZoneId.of("Australia/Sydney"), Map.of()));
        // 00:00Z is 11:00 in Sydney summer time (UTC+11).
        assertThat(f.secondOfDay(0)).isEqualTo(11 * 3600);
        assertThat(f.localDate(0)).isEqualTo(LocalDate.of(2024, 1, 1));
    }

    @Test
    void exogenousSeriesAreResampledOntoTheLineAndEndWhereTheyEnd() {
        TimeSeries hourly =
                new TimeSeries(START, Duration.ofHours(1), "Cel", START, new double[] {10, 11, 12, 13, 14, 15, 16});
        Frame f = Frame.of(request(
                new double[] {1, 2}, START.plus(STEP.multipliedBy(2)), ZoneOffset.UTC, Map.of("temperature", hourly)));
        assertThat(f.exogenous("temperature")).startsWith(10, 16).hasSize(6);
        assertThat(f.exogenous("temperature")[2]).isNaN();
    }

    @Test
    void backSkipsMissingValuesAndNeverLooksAtOrAfterTheIssue() {
        double[] y = {0, 1, 2, 3, 4, 5, 6, 7, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        // target 9, issue 8, lag 4: first candidate 5, then 1.
        assertThat(Frame.back(y, 9, 8, 4, 1, 8)).isEqualTo(5);
        assertThat(Frame.back(y, 9, 8, 4, 2, 8)).isEqualTo(1);
        y[5] = Double.NaN;
        assertThat(Frame.back(y, 9, 8, 4, 1, 8)).isEqualTo(1);
        // target 7 issued at 4: 7 - 4 = 3 is the first index before the issue.
        assertThat(Frame.back(y, 7, 4, 4, 1, 8)).isEqualTo(3);
        assertThat(Frame.meanBack(y, 11, 8, 4, 2, 8)).isEqualTo((7 + 3) / 2.0);
    }
}
