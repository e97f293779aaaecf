package io.gridhub.api.strategy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The problems {@link OutputChecks} finds, at most {@value #PER_KIND} of each kind in full (a forecast of NaN has
 * one kind of problem at every step: the reader needs the first few and the count, not 96 lines).
 */
final class Problems {
    static final int PER_KIND = 5;

    private final List<String> found = new ArrayList<>();
    private final Map<String, Integer> perKind = new LinkedHashMap<>();

    /** Adds a problem; {@code kind} groups the problems that repeat per step or per line. */
    void add(String kind, String problem) {
        int n = perKind.merge(kind, 1, Integer::sum);
        if (n <= PER_KIND) {
            found.add(problem);
        }
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    List<String> list() {
        List<String> out = new ArrayList<>(found);
        perKind.forEach((kind, n) -> {
            if (n > PER_KIND) {
                out.add("… and " + (n - PER_KIND) + " more: " + kind);
            }
        });
        return List.copyOf(out);
    }

    /** A value for a person: {@code 1234.5}, {@code NaN}, {@code Infinity}. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** A fraction as a percentage for a person: {@code 13.2 %}. */
    static String percent(double fraction) {
        return num(Math.round(fraction * 1000) / 10.0) + " %";
    }

    /** A step and its start: {@code step 3 (2026-01-01T00:45:00Z)}. */
    static String step(int i, Instant at) {
        return "step " + i + " (" + at + ")";
    }
}
