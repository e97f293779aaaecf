package io.gridhub.loop.internal;

import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyState;
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
 * The guard rails a strategy runs behind: its call on a worker thread of its own under a time budget (wall time: it
 * is computing time), anything it throws caught, and its output checked. A strategy that fails one of them is to be
 * quarantined, and the outcome says why in one sentence. A call that overruns is interrupted and left to end on its
 * own thread: the cycle goes on without it.
 */
public final class Guard implements AutoCloseable {
    /** At most this many of an output's problems are named in the reason; the rest are counted. */
    static final int PROBLEMS_NAMED = 3;

    /**
     * What a guarded call came to: its output, or (output null) why the strategy is to be quarantined, and what it
     * threw if it did.
     */
    public record Outcome<T>(T output, String problem, Throwable thrown) {
        Outcome(T output, String problem) {
            this(output, problem, null);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    private final Duration budget;
    private final ExecutorService workers;

    public Guard(Duration budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a strategy's time budget must be positive, got " + budget);
        }
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gridhub-loop-strategy");
            t.setDaemon(true);
            return t;
        });
    }

    public Duration budget() {
        return budget;
    }

    /**
     * Runs {@code call} under the budget and checks its output with {@code check} (the problems it finds; empty:
     * valid). {@code output} names what the strategy returns in the reason ("plan", "allocation").
     */
    public <T> Outcome<T> run(Callable<T> call, Function<T, List<String>> check, String output) {
        Future<T> f;
        try {
            f = workers.submit(call);
        } catch (RuntimeException e) {
            return new Outcome<>(null, "could not be started: " + e);
        }
        T out;
        try {
            out = f.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Outcome<>(null, "overran its time budget of " + seconds(budget));
        } catch (ExecutionException e) {
            return new Outcome<>(null, "threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome<>(null, "was interrupted (the loop is stopping)");
        }
        List<String> problems;
        try {
            problems = check.apply(out);
        } catch (RuntimeException e) {
            return new Outcome<>(null, "returned " + article(output) + " the checks could not read: " + e);
        }
        if (!problems.isEmpty()) {
            return new Outcome<>(null, "returned an invalid " + output + ": " + summary(problems));
        }
        return new Outcome<>(out, null);
    }

    /** "a plan", "an allocation". */
    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /** The first problems, and how many more there are. */
    static String summary(List<String> problems) {
        String named = String.join("; ", problems.subList(0, Math.min(PROBLEMS_NAMED, problems.size())));
        int more = problems.size() - PROBLEMS_NAMED;
        return more > 0 ? named + " (and " + more + " more)" : named;
    }

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
