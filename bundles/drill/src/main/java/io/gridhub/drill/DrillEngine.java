package io.gridhub.drill;

import com.google.ortools.Loader;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.drill.DrillCase.Instance;
import io.gridhub.drill.DrillCase.Load;
import io.gridhub.drill.DrillCase.Store;
import io.gridhub.drill.DrillSpec.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs a drill: the deterministic drill, then {@code runs} Monte Carlo samples on a pool of threads until they are
 * done or the time budget is spent, each solved by the island merit-order simulation (an outage drill, exact there)
 * or the drill LP, and the report with its recommendation ({@link Recommender}).
 */
public final class DrillEngine {
    private final int threads;
    private final Runnable loadSolver;

    /**
     * An engine on {@code threads} threads; {@code loadSolver} makes OR-Tools' natives usable (outside OSGi its own
     * loader, {@link #standalone}; in the hub the {@code SolverRuntime} service's).
     */
    public DrillEngine(int threads, Runnable loadSolver) {
        this.threads = Math.max(1, threads);
        this.loadSolver = loadSolver;
    }

    /** An engine on every processor with OR-Tools' own loader (plain class path: the CLI, tests, benchmarks). */
    public static DrillEngine standalone() {
        return standalone(Runtime.getRuntime().availableProcessors());
    }

    /** The same on a given number of threads. */
    public static DrillEngine standalone(int threads) {
        return new DrillEngine(threads, Loader::loadNativeLibraries);
    }

    /** The method a drill's samples are solved with. */
    static Method methodOf(DrillCase c) {
        Method m = c.spec.method();
        boolean exact = c.outageOnly && c.stores.stream().allMatch(DrillEngine::wholeOrNone);
        if (m == Method.MERIT_ORDER && !exact) {
            throw new IllegalArgumentException("drill " + c.spec.id() + ": the merit-order method solves outage "
                    + "drills only (a battery lost for part of the window, a contingency or a price spike need "
                    + "the LP)");
        }
        return m == Method.AUTO ? (exact ? Method.MERIT_ORDER : Method.LP) : m;
    }

    private static boolean wholeOrNone(Store s) {
        boolean any = false;
        boolean all = true;
        for (boolean a : s.available()) {
            any |= a;
            all &= a;
        }
        return all || !any;
    }

    /** Runs the drill on the scenario. */
    public DrillReport run(Scenario scenario, DrillSpec spec) {
        long t0 = System.nanoTime();
        DrillCase c = DrillCase.of(scenario, spec);
        Method method = methodOf(c);
        IslandSimulator island = new IslandSimulator(c);
        if (method == Method.LP) {
            loadSolver.run();
        }
        Function<Instance, Outcome> solver = method == Method.LP ? DrillLp::solve : island::solve;
        Instance det = c.sample(null);
        Outcome detOutcome = solver.apply(det);
        SampleResult detResult = SampleResult.of(det, detOutcome, island);
        Double baseline = null;
        if (!c.outageOnly && !spec.events().isEmpty()) {
            DrillCase none = DrillCase.of(scenario, withoutEvents(spec));
            baseline = DrillLp.solve(none.sample(null)).costEur();
        }
        long deadline = t0 + spec.timeBudget().toNanos();
        List<SampleResult> samples = sample(c, solver, island, spec, deadline);
        long elapsed = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        return new Recommender(c, method, island)
                .report(det, detOutcome, detResult, samples, baseline, elapsed, samples.size() < spec.runs());
    }

    private List<SampleResult> sample(
            DrillCase c, Function<Instance, Outcome> solver, IslandSimulator island, DrillSpec spec, long deadline) {
        int pool = Math.min(threads, spec.runs());
        ExecutorService exec = Executors.newFixedThreadPool(pool, Daemons.threads("drill-" + spec.id()));
        try {
            List<Future<SampleResult>> futures = new ArrayList<>();
            for (int i = 0; i < spec.runs(); i++) {
                // java.util.Random's first draws are correlated across adjacent seeds: mix them first.
                long seed = new SplittableRandom(spec.seed() * 1_000_003L + i).nextLong();
                futures.add(exec.submit(() -> {
                    if (System.nanoTime() > deadline) {
                        return null;
                    }
                    Instance in = c.sample(new Random(seed));
                    return SampleResult.of(in, solver.apply(in), island);
                }));
            }
            List<SampleResult> out = new ArrayList<>();
            for (Future<SampleResult> f : futures) {
                SampleResult r = f.get();
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("drill interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            exec.shutdownNow();
        }
    }

    private static DrillSpec withoutEvents(DrillSpec s) {
        return new DrillSpec(
                s.id(),
                s.description(),
                List.of(),
                s.defaultLoads(),
                s.memberLoads(),
                s.uncertainty(),
                s.runs(),
                s.seed(),
                s.timeBudget(),
                Method.LP);
    }

    /** One sample's figures. Hours from the window's start; kWh; per member in the case's member order. */
    record SampleResult(
            double survivalH,
            double criticalEnsKWh,
            double ensKWh,
            double costEur,
            double[] memberSurvivalH,
            double[] memberCriticalEnsKWh,
            double[] memberEnsKWh,
            double reserveWh,
            double[] shedKWhByPriority,
            double[] firstShedHByPriority) {

        static SampleResult of(Instance in, Outcome o, IslandSimulator island) {
            DrillCase c = in.c();
            int k0 = c.from - c.s0;
            int kEnd = c.to - c.s0;
            double window = (kEnd - k0) * c.dt;
            int members = c.members.size();
            double[] surv = new double[members];
            Arrays.fill(surv, window);
            double[] critEns = new double[members];
            double[] ens = new double[members];
            double[] shedByP = new double[DrillCase.CRITICAL + 1];
            double[] firstByP = new double[DrillCase.CRITICAL + 1];
            Arrays.fill(firstByP, Double.NaN);
            for (int l = 0; l < in.loads().size(); l++) {
                Load load = in.loads().get(l);
                int m = memberIndex(c, load.memberId());
                for (int k = 0; k < c.n; k++) {
                    double w = load.w()[k];
                    double missing = Math.max(0, w - o.servedW()[l][k]);
                    double kwh = missing * c.dt / 1000;
                    ens[m] += kwh;
                    shedByP[load.priority()] += kwh;
                    if (missing > IslandSimulator.TOLERANCE_W && k >= k0 && Double.isNaN(firstByP[load.priority()])) {
                        firstByP[load.priority()] = (k - k0) * c.dt;
                    }
                    if (load.critical()) {
                        critEns[m] += kwh;
                        if (missing > IslandSimulator.TOLERANCE_W && k >= k0 && k < kEnd) {
                            double h = (k - k0) * c.dt + c.dt * o.servedW()[l][k] / w;
                            surv[m] = Math.min(surv[m], h);
                        }
                    }
                }
            }
            double survival = window;
            double cEns = 0;
            double all = 0;
            for (int m = 0; m < members; m++) {
                survival = Math.min(survival, surv[m]);
                cEns += critEns[m];
                all += ens[m];
            }
            double reserve = c.outageOnly ? island.criticalReserveWh(in) : Double.NaN;
            return new SampleResult(survival, cEns, all, o.costEur(), surv, critEns, ens, reserve, shedByP, firstByP);
        }

        private static int memberIndex(DrillCase c, String member) {
            for (int i = 0; i < c.members.size(); i++) {
                if (c.members.get(i).memberId().equals(member)) {
                    return i;
                }
            }
            throw new IllegalStateException("no member " + member);
        }
    }
}
