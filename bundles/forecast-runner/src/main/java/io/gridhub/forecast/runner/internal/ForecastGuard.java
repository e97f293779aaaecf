package io.gridhub.forecast.runner.internal;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.strategy.OutputChecks;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The guard rails around one forecaster call: the call runs on a worker thread and is waited for at most the time
 * budget, and its output must pass {@link OutputChecks#forecast}. A call that throws, overruns its budget or returns
 * invalid output fails with a reason a person can read (the reason the registry's quarantine records). A worker
 * stuck in a call that overran is interrupted and left behind; the next call gets a fresh thread.
 */
final class ForecastGuard {
    /** Problems named in a reason; the rest are counted. */
    private static final int PROBLEMS_NAMED = 3;

    /** A call's forecast, or why it failed ({@code failure} non-null). */
    record Outcome(Forecast forecast, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private final Duration budget;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gridhub-forecast-strategy");
        t.setDaemon(true);
        return t;
    });

    ForecastGuard(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the strategy time budget must be positive, got " + budget);
        }
        this.budget = budget;
    }

    /** Runs {@code f} on {@code request} within the budget and checks what it returns. */
    Outcome call(Forecaster f, ForecastRequest request) throws InterruptedException {
        Future<Forecast> job = workers.submit(() -> f.forecast(request));
        Forecast forecast;
        try {
            forecast = job.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            return new Outcome(null, "took more than " + seconds(budget) + " s, its time budget");
        } catch (ExecutionException e) {
            return new Outcome(null, threw(e.getCause()));
        } catch (InterruptedException e) {
            job.cancel(true);
            throw e;
        }
        List<String> problems = OutputChecks.forecast(request, forecast);
        if (problems.isEmpty()) {
            return new Outcome(forecast, null);
        }
        String named = String.join("; ", problems.subList(0, Math.min(PROBLEMS_NAMED, problems.size())));
        int more = problems.size() - PROBLEMS_NAMED;
        return new Outcome(null, "invalid output: " + named + (more > 0 ? "; and " + more + " more problems" : ""));
    }

    /** {@code threw IllegalStateException: boom at com.example.Mine.forecast(Mine.java:12)}. */
    static String threw(Throwable t) {
        StringBuilder sb = new StringBuilder("threw ").append(t.getClass().getSimpleName());
        if (t.getMessage() != null) {
            sb.append(": ").append(t.getMessage());
        }
        StackTraceElement[] at = t.getStackTrace();
        if (at.length > 0) {
            sb.append(" at ").append(at[0]);
        }
        return sb.toString();
    }

    static String seconds(Duration d) {
        String s = String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e9);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    void close() {
        workers.shutdownNow();
    }
}
