package io.gridhub.sim.internal;

import io.gridhub.forecast.common.recording.HouseholdRecording;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongToDoubleFunction;

/**
 * One real home's half-hourly load and PV ({@link HouseholdRecording}), as a loop the simulator replays: value at any
 * instant is interpolated between interval midpoints, so the replay is smooth at any publishing rate.
 */
final class HouseholdProfile {
    static final int INTERVAL_SECONDS = HouseholdRecording.INTERVAL_SECONDS;

    private final HouseholdRecording recording;
    private final double peakPvW;

    private HouseholdProfile(HouseholdRecording recording) {
        this.recording = recording;
        this.peakPvW = recording.peakPvW();
    }

    /**
     * Reads a CSV with {@code load_kWh} and {@code pv_kWh} columns per 30-minute interval.
     *
     * @throws IOException with the file, line and reason when a row does not parse
     */
    static HouseholdProfile read(Path file) throws IOException {
        return new HouseholdProfile(HouseholdRecording.read(file));
    }

    int intervals() {
        return recording.intervals();
    }

    double peakPvW() {
        return peakPvW;
    }

    double loadW(double intervalPosition) {
        return interpolate(recording::loadW, intervalPosition);
    }

    double pvW(double intervalPosition) {
        return interpolate(recording::pvW, intervalPosition);
    }

    /** Linear between interval midpoints; the recording wraps around its end. */
    private static double interpolate(LongToDoubleFunction interval, double position) {
        double x = position - 0.5;
        double floor = Math.floor(x);
        long i = (long) floor;
        double f = x - floor;
        return interval.applyAsDouble(i) * (1 - f) + interval.applyAsDouble(i + 1) * f;
    }
}
