package io.gridhub.api.allocation;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Import and export prices in EUR/kWh: flat, or as steps (each from its instant until the next). Unknown
 * prices ({@link #none()}) make every money value 0, which the strategies note.
 */
public record Prices(boolean known, double importEurPerKWh, double exportEurPerKWh, List<Step> steps) {
    /** Prices from one instant on. */
    public record Step(Instant from, double importEurPerKWh, double exportEurPerKWh) {}

    public Prices {
        steps = (steps == null ? List.<Step>of() : steps)
                .stream().sorted(Comparator.comparing(Step::from)).toList();
        if (known && steps.isEmpty() && !(Double.isFinite(importEurPerKWh) && Double.isFinite(exportEurPerKWh))) {
            throw new IllegalArgumentException("prices must be finite");
        }
    }

    public static Prices none() {
        return new Prices(false, 0, 0, List.of());
    }

    public static Prices flat(double importEurPerKWh, double exportEurPerKWh) {
        return new Prices(true, importEurPerKWh, exportEurPerKWh, List.of());
    }

    public static Prices steps(List<Step> steps) {
        return new Prices(true, 0, 0, steps);
    }

    public double importAt(Instant t) {
        Step s = stepAt(t);
        return s == null ? (known && steps.isEmpty() ? importEurPerKWh : 0) : s.importEurPerKWh();
    }

    public double exportAt(Instant t) {
        Step s = stepAt(t);
        return s == null ? (known && steps.isEmpty() ? exportEurPerKWh : 0) : s.exportEurPerKWh();
    }

    /** The step in force at {@code t}: the last one starting at or before it (binary search; steps are sorted). */
    private Step stepAt(Instant t) {
        int lo = 0;
        int hi = steps.size() - 1;
        Step found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Step s = steps.get(mid);
            if (s.from().isAfter(t)) {
                hi = mid - 1;
            } else {
                found = s;
                lo = mid + 1;
            }
        }
        return found;
    }
}
