package io.gridhub.api.strategy;

import io.gridhub.api.concurrent.Daemons;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The guard rails every strategy runs behind, whichever part of the hub calls it (the forecast runner, the loop's
 * dispatch and settlement, the anomaly runner): its call on a worker thread of the guard's own under a time budget
 * (wall time: it is computing time), anything it throws caught, and its output checked (e.g. with {@link
 * OutputChecks}). A strategy that fails one of them is to be quarantined, and the outcome says why in one sentence. A
 * call that overruns is interrupted and left to end on its own thread: the caller goes on without it.
 */
public final class StrategyGuard implements AutoCloseable {
    /** At most this many of an output's problems are named in the reason; the rest are counted. */
    public static final int PROBLEMS_NAMED = 3;

    /**
     * What a guarded call came to: its output, or (output null) why the strategy is to be quarantined, and what it
     * threw if it did.
     */
    public record Outcome<T>(T output, String problem, Throwable thrown) {
        public boolean ok() {
            return problem == null;
        }

        /** Whether the call was cut short because the calling thread was interrupted: not the strategy's fault. */
        public boolean interrupted() {
            return thrown instanceof InterruptedException;
        }

        static <T> Outcome<T> failed(String problem) {
            return new Outcome<>(null, problem, null);
        }
    }

    private final Duration budget;
    private final ExecutorService workers;

    /**
     * @param budget  how long one call may take, positive
     * @param threads the name of the worker threads, e.g. {@code gridhub-loop-strategy}
     */
    public StrategyGuard(Duration budget, String threads) {
        this.budget = Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(threads, "threads");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a strategy's time budget must be positive, got " + budget);
        }
        this.workers = Executors.newCachedThreadPool(Daemons.threads(threads));
    }

    public Duration budget() {
        return budget;
    }

    /**
     * Runs {@code call} under the budget and checks its output with {@code check} (the problems it finds; empty:
     * valid). {@code output} names what the strategy returns in the reason ("plan", "allocation", "forecast"). When
     * the calling thread is interrupted, the call is cancelled and the outcome says so, with the thread's interrupt
     * flag set again.
     */
    public <T> Outcome<T> run(Callable<T> call, Function<T, List<String>> check, String output) {
        Future<T> f;
        try {
            f = workers.submit(call);
        } catch (RuntimeException e) {
            return Outcome.failed("could not be started: " + e);
        }
        T out;
        try {
            out = f.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return Outcome.failed("overran its time budget of " + seconds(budget));
        } catch (ExecutionException e) {
            return new Outcome<>(null, "threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome<>(null, "was interrupted (the hub is stopping)", e);
        }
        List<String> problems;
        try {
            problems = check.apply(out);
        } catch (RuntimeException e) {
            return Outcome.failed("returned " + article(output) + " the checks could not read: " + e);
        }
        if (!problems.isEmpty()) {
            return Outcome.failed("returned an invalid " + output + ": " + summary(problems));
        }
        return new Outcome<>(out, null, null);
    }

    /** "a plan", "an allocation". */
    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /** The first problems, and how many more there are. */
    public static String summary(List<String> problems) {
        String named = String.join("; ", problems.subList(0, Math.min(PROBLEMS_NAMED, problems.size())));
        int more = problems.size() - PROBLEMS_NAMED;
        return more > 0 ? named + " (and " + more + " more)" : named;
    }

    /** {@code 1 s}, {@code 200 ms}. */
    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** {@code name version}, as reasons and comparisons say it. */
    public static String label(Strategy s) {
        return s.name() + " " + s.version();
    }

    /** Quarantines a strategy with why; returns the sentence for a stage's reason. */
    public static String quarantine(StrategyRegistry strategies, Strategy s, String why) {
        String said = label(s) + " " + why;
        try {
            strategies.quarantine(s, why);
            return said + ": quarantined";
        } catch (RuntimeException e) {
            return said + " (quarantine failed: " + e + ")";
        }
    }

    /** The labels of a role's quarantined strategies. */
    public static Set<String> quarantined(StrategyRegistry strategies, StrategyRole role) {
        return strategies.strategies().stream()
                .filter(i -> i.role() == role && i.state() == StrategyState.QUARANTINED)
                .map(StrategyInfo::label)
                .collect(Collectors.toSet());
    }

    /** The strategy in shadow for a role, as the registry lists it (its state began the shadow period). */
    public static Optional<StrategyInfo> inShadow(StrategyRegistry strategies, StrategyRole role) {
        return strategies.strategies().stream()
                .filter(i -> i.role() == role && i.state() == StrategyState.SHADOW)
                .findFirst();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
