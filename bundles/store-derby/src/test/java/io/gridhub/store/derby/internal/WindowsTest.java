package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowsTest {
    private static final long HOUR = Duration.ofHours(1).toNanos();
    private static final long DAY = Duration.ofDays(1).toNanos();
    private static final long WEEK = Duration.ofDays(7).toNanos();
    private static final long FOUR_WEEKS = Duration.ofDays(28).toNanos();
    private static final long T0 = BlockCodec.nanos(Instant.parse("2026-01-07T10:00:00Z"));

    @Test
    void aWindowHoldsAFewHundredSamplesAtThePointsCadence() {
        assertThat(Windows.widthFor(Duration.ofMillis(100).toNanos())).isEqualTo(HOUR);
        assertThat(Windows.widthFor(Duration.ofSeconds(1).toNanos())).isEqualTo(HOUR);
        assertThat(Windows.widthFor(Duration.ofSeconds(10).toNanos())).isEqualTo(HOUR);
        assertThat(Windows.widthFor(Duration.ofSeconds(15).toNanos())).isEqualTo(DAY);
        assertThat(Windows.widthFor(Duration.ofMinutes(1).toNanos())).isEqualTo(DAY);
        assertThat(Windows.widthFor(Duration.ofMinutes(5).toNanos())).isEqualTo(DAY);
        assertThat(Windows.widthFor(Duration.ofMinutes(15).toNanos())).isEqualTo(WEEK);
        assertThat(Windows.widthFor(Duration.ofMinutes(30).toNanos())).isEqualTo(WEEK);
        assertThat(Windows.widthFor(Duration.ofHours(1).toNanos())).isEqualTo(FOUR_WEEKS);
        assertThat(Windows.widthFor(Duration.ofDays(1).toNanos())).isEqualTo(FOUR_WEEKS);
        assertThat(Windows.widthFor(0)).isEqualTo(HOUR);
    }

    @Test
    void theCadenceIsTheMedianIntervalOverLateSamplesAndAnOutage() {
        Windows.Cadence c = new Windows.Cadence();
        long m = Duration.ofMinutes(15).toNanos();
        assertThat(c.add(new long[] {T0, T0 + m, T0 + 2 * m})).isEqualTo(-1);
        // An outage of a day, a repeated time and a late sample: the median stays 15 minutes.
        assertThat(c.add(new long[] {T0 + m, T0 + 3 * m, T0 + 3 * m + DAY})).isEqualTo(-1);
        assertThat(c.add(new long[] {T0 + 4 * m + DAY, T0 + 5 * m + DAY, T0 + 6 * m + DAY}))
                .isEqualTo(-1);
        assertThat(c.add(new long[] {T0 + 7 * m + DAY, T0 + 8 * m + DAY})).isEqualTo(m);
    }

    @Test
    void aPointKeepsHourWindowsUntilItsCadenceIsKnownThenWidensFromTheWindowOfItsNewestSample() throws Exception {
        Windows w = new Windows();
        long step = Duration.ofMinutes(30).toNanos();
        assertThat(w.observe(1, times(T0, step, 5), () -> null)).isNull();
        assertThat(w.windowOf(1, T0 + 10 * step)).isEqualTo(Math.floorDiv(T0 + 10 * step, HOUR) * HOUR);
        long storedEnd = Math.floorDiv(T0 + 4 * step, HOUR) * HOUR + HOUR;
        Windows.Regime r = w.observe(1, times(T0 + 5 * step, step, 4), () -> storedEnd);
        assertThat(r.width()).isEqualTo(WEEK);
        assertThat(r.since() % WEEK).isZero();
        // The week window that holds the newest stored sample: its hour blocks belong to it from now on.
        assertThat(r.since()).isLessThan(storedEnd).isGreaterThan(storedEnd - WEEK);
        assertThat(w.windowOf(1, storedEnd - HOUR)).isEqualTo(r.since());
        // Before the boundary (late samples too) hour windows, from it on week windows.
        assertThat(w.windowOf(1, r.since() - 1)).isEqualTo(r.since() - HOUR);
        assertThat(w.windowOf(1, r.since() + 3 * DAY)).isEqualTo(r.since());
        assertThat(w.widthAt(1, r.since() - HOUR)).isEqualTo(HOUR);
        assertThat(w.widthAt(1, r.since())).isEqualTo(WEEK);
        assertThat(w.observe(1, times(T0 + WEEK, step, 20), () -> null)).isNull(); // chosen once
        assertThat(w.widthAt(2, T0)).isEqualTo(HOUR); // another point, not watched yet
    }

    @Test
    void aPointWithNothingStoredTakesItsWidthFromTheBeginningAndAForgottenChoiceIsWatchedAgain() throws Exception {
        Windows w = new Windows();
        long step = Duration.ofHours(1).toNanos();
        Windows.Regime r = w.observe(3, times(T0, step, 48), () -> null);
        assertThat(r).isEqualTo(new Windows.Regime(Long.MIN_VALUE, FOUR_WEEKS));
        assertThat(w.windowOf(3, T0)).isEqualTo(Math.floorDiv(T0, FOUR_WEEKS) * FOUR_WEEKS);
        w.forget(3);
        assertThat(w.regime(3)).isNull();
        assertThat(w.widthAt(3, T0)).isEqualTo(HOUR);
        assertThat(w.observe(3, times(T0, step, 4), () -> null)).isNull();
    }

    private static long[] times(long from, long step, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i * step;
        }
        return t;
    }
}
