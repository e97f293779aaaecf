package io.gridhub.anomaly.runner.internal;

import io.gridhub.api.anomaly.AnomalyDetector;
import io.gridhub.api.anomaly.DetectionWindow;
import io.gridhub.api.anomaly.Finding;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The guard rails around one detector call: it runs on a worker thread within a time budget, and what it returns
 * must be a list of findings of the window's community, at most {@code maxFindings} of them. A call that throws,
 * overruns or returns anything else fails with a reason a person can read (what the registry's quarantine records).
 */
final class DetectorGuard {
    /** A call's findings, or why it failed ({@code failure} non-null). */
    record Outcome(List<Finding> findings, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private final Duration budget;
    private final int maxFindings;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gridhub-anomaly-detector");
        t.setDaemon(true);
        return t;
    });

    DetectorGuard(Duration budget, int maxFindings) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the detector time budget must be positive, got " + budget);
        }
        this.budget = budget;
        this.maxFindings = maxFindings;
    }

    Outcome call(AnomalyDetector detector, DetectionWindow window) throws InterruptedException {
        Future<List<Finding>> job = workers.submit(() -> detector.detect(window));
        List<Finding> findings;
        try {
            findings = job.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            return new Outcome(null, "took more than " + budget.toMillis() / 1000.0 + " s, its time budget");
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            StackTraceElement[] at = t.getStackTrace();
            return new Outcome(
                    null,
                    "threw " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
                            + (at.length > 0 ? " at " + at[0] : ""));
        } catch (InterruptedException e) {
            job.cancel(true);
            throw e;
        }
        String problem = check(findings, window.community().id());
        return problem == null ? new Outcome(List.copyOf(findings), null) : new Outcome(null, problem);
    }

    private String check(List<Finding> findings, String community) {
        if (findings == null) {
            return "invalid output: no list of findings (null)";
        }
        if (findings.size() > maxFindings) {
            return "invalid output: " + findings.size() + " findings in one window, at most " + maxFindings;
        }
        for (Finding f : findings) {
            if (f == null) {
                return "invalid output: a null finding";
            }
            if (!f.community().equals(community)) {
                return "invalid output: a finding of community " + f.community() + " in a window of " + community;
            }
        }
        return null;
    }

    void close() {
        workers.shutdownNow();
    }
}
