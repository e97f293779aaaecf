package io.gridhub.anomaly.detect.internal;

import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects one detection's findings for a community and a detector, and formats the numbers of explanations. */
final class Report {
    private final String community;
    private final String detector;
    private final List<Finding> findings = new ArrayList<>();

    Report(String community, String detector) {
        this.community = community;
        this.detector = detector;
    }

    void add(
            AnomalyKind kind,
            AnomalySeverity severity,
            List<String> points,
            List<String> members,
            double from,
            double to,
            String explanation,
            double score) {
        Instant f = Track.instant(from);
        Instant t = Track.instant(Math.max(from, to));
        findings.add(new Finding(
                community,
                kind,
                severity,
                points,
                members.stream().filter(m -> !m.isEmpty()).distinct().toList(),
                f,
                t,
                explanation,
                score,
                detector));
    }

    /** One series' finding: its point and member. */
    void add(
            AnomalyKind kind, AnomalySeverity severity, Track track, double from, double to, String why, double score) {
        add(kind, severity, List.of(track.id), List.of(track.series.member()), from, to, why, score);
    }

    List<Finding> findings() {
        return findings;
    }

    /** A value with its unit, power in W or kW. */
    static String value(double v, String unit) {
        if ("W".equals(unit) && Math.abs(v) >= 1000) {
            return num(v / 1000) + " kW";
        }
        return num(v) + ("1".equals(unit) || unit.isEmpty() ? "" : " " + unit);
    }

    static String energy(double wh) {
        return Math.abs(wh) >= 1000 ? num(wh / 1000) + " kWh" : num(wh) + " Wh";
    }

    static String num(double v) {
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, f, v);
    }

    /** {@code 3 h 30 min}, {@code 9 min 58 s}, {@code 45 s}: seconds only below 10 minutes. */
    static String duration(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(Math.abs(seconds)));
        if (d.toMinutes() == 0) {
            return d.toSeconds() + " s";
        }
        long h = d.toHours();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        if (h == 0) {
            return m < 10 && s != 0 ? m + " min " + s + " s" : m + " min";
        }
        return m == 0 ? h + " h" : h + " h " + m + " min";
    }

    static String time(double seconds) {
        return Track.instant(Math.round(seconds)).toString();
    }
}
