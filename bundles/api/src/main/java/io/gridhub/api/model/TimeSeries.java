package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A regular series (forecasts, prices, plans): value {@code i} covers {@code [start + i·step, start + (i+1)·step)}.
 * {@code NaN} marks a missing value. {@code issueTime} is when the series was made (for history: when it was read).
 */
public record TimeSeries(Instant start, Duration step, String unit, Instant issueTime, double[] values) {
    public TimeSeries {
        Fields.require("start step unit issueTime values", start, step, unit, issueTime, values);
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("time series step must be positive, got " + step);
        }
        values = values.clone();
    }

    public int size() {
        return values.length;
    }

    public double value(int i) {
        return values[i];
    }

    public Instant timeAt(int i) {
        return start.plus(step.multipliedBy(i));
    }

    /** The instant just after the last value's interval. */
    public Instant end() {
        return timeAt(values.length);
    }

    /** A copy of the values. */
    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeSeries t
                && start.equals(t.start)
                && step.equals(t.step)
                && unit.equals(t.unit)
                && issueTime.equals(t.issueTime)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, step, unit, issueTime, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "TimeSeries[start=" + start + ", step=" + step + ", unit=" + unit + ", issueTime=" + issueTime
                + ", size=" + values.length + "]";
    }
}
