package io.gridhub.forecast.common;

import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.model.TimeSeries;
import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A forecast request laid out on one index line: index {@code 0} is the history's first step, {@link #issue()}
 * the issue time, and the horizon's steps follow it. Target values at and after the issue are {@code NaN} by
 * construction, so nothing built from {@link #y()} can see them. Exogenous series are resampled onto the same
 * line ({@code NaN} where they have no value).
 */
public final class Frame {
    private static final int DAY_SECONDS = 86_400;

    private final ForecastRequest request;
    private final long startSec;
    private final long stepSec;
    private final int issue;
    private final int steps;
    private final int period;
    private final double[] y;
    private final Map<String, double[]> exogenous = new LinkedHashMap<>();
    private final ZoneRules rules;
    private final int fixedOffset;

    private Frame(ForecastRequest request) {
        this.request = request;
        TimeSeries h = request.history();
        this.startSec = h.start().getEpochSecond();
        this.stepSec = h.step().getSeconds();
        if (stepSec <= 0 || h.step().getNano() != 0) {
            throw new IllegalArgumentException("step must be a whole number of seconds, got " + h.step());
        }
        long sinceStart = request.issueTime().getEpochSecond() - startSec;
        if (sinceStart % stepSec != 0 || request.issueTime().getNano() != 0) {
            throw new IllegalArgumentException("issue time " + request.issueTime() + " is not on the history's grid ("
                    + h.start() + " + n × " + h.step() + ")");
        }
        this.issue = (int) (sinceStart / stepSec);
        this.steps = request.steps();
        this.period = DAY_SECONDS % stepSec == 0 ? (int) (DAY_SECONDS / stepSec) : 0;
        int n = issue + steps;
        this.y = new double[n];
        Arrays.fill(y, Double.NaN);
        for (int i = 0; i < h.size() && i < issue; i++) {
            y[i] = h.value(i);
        }
        this.rules = request.zone().getRules();
        this.fixedOffset =
                rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : Integer.MIN_VALUE;
        // Sorted by name: the request's map has no stable order, and a model's columns must have one.
        new TreeMap<>(request.exogenous()).forEach((name, s) -> exogenous.put(name, resample(s, n)));
    }

    public static Frame of(ForecastRequest request) {
        return new Frame(request);
    }

    private double[] resample(TimeSeries s, int n) {
        double[] out = new double[n];
        long sStart = s.start().getEpochSecond();
        long sStep = s.step().getSeconds();
        for (int i = 0; i < n; i++) {
            long off = startSec + i * stepSec - sStart;
            long j = off < 0 ? -1 : off / sStep;
            out[i] = j >= 0 && j < s.size() ? s.value((int) j) : Double.NaN;
        }
        return out;
    }

    public ForecastRequest request() {
        return request;
    }

    /** Index of the issue time: the first forecast step. */
    public int issue() {
        return issue;
    }

    /** Number of forecast steps. */
    public int steps() {
        return steps;
    }

    /** Steps per day, or 0 when the step does not divide a day. */
    public int period() {
        return period;
    }

    public long stepSeconds() {
        return stepSec;
    }

    /** Target values, history then {@code NaN} over the horizon. The array is shared: do not modify. */
    public double[] y() {
        return y;
    }

    public int length() {
        return y.length;
    }

    /** The exogenous series on this line, or {@code null} when the request has none by that name. */
    public double[] exogenous(String name) {
        return exogenous.get(name);
    }

    public Map<String, double[]> exogenous() {
        return exogenous;
    }

    public Instant time(int i) {
        return Instant.ofEpochSecond(startSec + i * stepSec);
    }

    /** Local calendar time at index {@code i} as seconds since 1970-01-01T00:00 local. */
    public long localSeconds(int i) {
        long t = startSec + i * stepSec;
        int off = fixedOffset != Integer.MIN_VALUE
                ? fixedOffset
                : rules.getOffset(Instant.ofEpochSecond(t)).getTotalSeconds();
        return t + off;
    }

    /** Seconds since local midnight. */
    public int secondOfDay(int i) {
        return (int) Math.floorMod(localSeconds(i), DAY_SECONDS);
    }

    /** Local day of week, 0 = Monday … 6 = Sunday. */
    public int dayOfWeek(int i) {
        return (int) Math.floorMod(Math.floorDiv(localSeconds(i), DAY_SECONDS) + 3, 7);
    }

    public LocalDate localDate(int i) {
        return LocalDate.ofEpochDay(Math.floorDiv(localSeconds(i), DAY_SECONDS));
    }

    /**
     * The {@code nth} (1-based) known value at {@code t − k·lag} for the smallest {@code k} with
     * {@code t − k·lag < issue}, skipping missing values, looking back at most {@code maxBack} multiples;
     * {@code NaN} if there is none.
     */
    public static double back(double[] y, int t, int issue, int lag, int nth, int maxBack) {
        int k = Math.max(1, ceilDiv(t - issue + 1, lag));
        int found = 0;
        for (int tries = 0; tries < maxBack; tries++, k++) {
            int j = t - k * lag;
            if (j < 0) {
                return Double.NaN;
            }
            if (!Double.isNaN(y[j]) && ++found == nth) {
                return y[j];
            }
        }
        return Double.NaN;
    }

    /** Mean of the {@code n} most recent known values at {@code t − k·lag} before the issue; {@code NaN} if none. */
    public static double meanBack(double[] y, int t, int issue, int lag, int n, int maxBack) {
        int k = Math.max(1, ceilDiv(t - issue + 1, lag));
        double sum = 0;
        int found = 0;
        for (int tries = 0; tries < maxBack && found < n; tries++, k++) {
            int j = t - k * lag;
            if (j < 0) {
                break;
            }
            if (!Double.isNaN(y[j])) {
                sum += y[j];
                found++;
            }
        }
        return found == 0 ? Double.NaN : sum / found;
    }

    /** Mean of the known values in {@code [from, to)}; {@code NaN} if none. */
    public static double mean(double[] v, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(to, v.length); i++) {
            if (!Double.isNaN(v[i])) {
                sum += v[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Maximum of the known values in {@code [from, to)}; {@code NaN} if none. */
    public static double max(double[] v, int from, int to) {
        double m = Double.NaN;
        for (int i = Math.max(0, from); i < Math.min(to, v.length); i++) {
            if (!Double.isNaN(v[i]) && !(v[i] <= m)) {
                m = v[i];
            }
        }
        return m;
    }

    /** Minimum of the known values in {@code [from, to)}; {@code NaN} if none. */
    public static double min(double[] v, int from, int to) {
        double m = Double.NaN;
        for (int i = Math.max(0, from); i < Math.min(to, v.length); i++) {
            if (!Double.isNaN(v[i]) && !(v[i] >= m)) {
                m = v[i];
            }
        }
        return m;
    }

    /** The last known value before {@code issue}, looking back at most {@code maxBack} steps. */
    public static double last(double[] v, int issue, int maxBack) {
        for (int i = Math.min(issue, v.length) - 1; i >= Math.max(0, issue - maxBack); i--) {
            if (!Double.isNaN(v[i])) {
                return v[i];
            }
        }
        return Double.NaN;
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
