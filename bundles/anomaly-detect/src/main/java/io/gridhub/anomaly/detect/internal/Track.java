package io.gridhub.anomaly.detect.internal;

import io.gridhub.api.anomaly.DetectionWindow.Series;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One series' good samples as arrays, oldest first by source time: times in seconds (source and arrival) and
 * values, with the statistics the rules share. Samples that are not good are left out (their quality already says
 * what is wrong), except that the ones flagged out of range are kept apart for the range rule.
 */
final class Track {
    final Series series;
    /** The asset measured: the series' own, else the community's asset of the point's asset id; null if none. */
    final Asset asset;

    final String id;
    final double[] t;
    final double[] received;
    final double[] v;
    final List<Sample> flaggedOutOfRange;

    private Track(Series series, Asset asset, double[] t, double[] received, double[] v, List<Sample> flagged) {
        this.series = series;
        this.asset = asset;
        this.id = series.point().id().value();
        this.t = t;
        this.received = received;
        this.v = v;
        this.flaggedOutOfRange = flagged;
    }

    static Track of(Series series, Asset asset) {
        List<Sample> good = new ArrayList<>();
        List<Sample> flagged = new ArrayList<>();
        for (Sample s : series.samples()) {
            if (s.quality().isGood()) {
                good.add(s);
            } else if (s.quality().reason() == Quality.Reason.OUT_OF_RANGE) {
                flagged.add(s);
            }
        }
        good.sort(Comparator.comparing(Sample::sourceTime));
        int n = good.size();
        double[] t = new double[n];
        double[] r = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            Sample s = good.get(i);
            t[i] = seconds(s.sourceTime());
            r[i] = seconds(s.receivedTime());
            v[i] = s.value();
        }
        return new Track(series, asset, t, r, v, flagged);
    }

    static double seconds(Instant i) {
        return i.getEpochSecond() + i.getNano() / 1e9;
    }

    static Instant instant(double seconds) {
        long s = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(s, Math.round((seconds - s) * 1e9));
    }

    int size() {
        return v.length;
    }

    AssetKind assetKind() {
        return asset == null ? null : asset.kind();
    }

    double ratedW() {
        return asset == null ? 0 : asset.ratedPowerW();
    }

    /** The median interval between consecutive samples, in seconds; NaN with fewer than two samples. */
    double cadence() {
        if (t.length < 2) {
            return Double.NaN;
        }
        double[] dt = new double[t.length - 1];
        for (int i = 1; i < t.length; i++) {
            dt[i - 1] = t[i] - t[i - 1];
        }
        return quantile(dt, 0.5);
    }

    /** The {@code q}-quantile of the absolute values. */
    double absQuantile(double q) {
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = Math.abs(v[i]);
        }
        return quantile(a, q);
    }

    /** The {@code q}-quantile of the absolute jumps between consecutive samples. */
    double jumpQuantile(double q) {
        if (v.length < 2) {
            return 0;
        }
        double[] d = new double[v.length - 1];
        for (int i = 1; i < v.length; i++) {
            d[i - 1] = Math.abs(v[i] - v[i - 1]);
        }
        return quantile(d, q);
    }

    /** The {@code q}-quantile of {@code values} (linear between order statistics); NaN when empty. */
    static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    /** The value in force at time {@code at} (the last sample at or before it); NaN before the first. */
    double valueAt(double at) {
        int i = Arrays.binarySearch(t, at);
        if (i < 0) {
            i = -i - 2;
        } else {
            while (i + 1 < t.length && t[i + 1] == at) {
                i++;
            }
        }
        return i < 0 ? Double.NaN : v[i];
    }
}
