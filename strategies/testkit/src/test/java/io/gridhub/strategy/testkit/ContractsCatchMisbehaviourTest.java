package io.gridhub.strategy.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/** Each contract fails a strategy that breaks it: the kit cannot pass everything. */
class ContractsCatchMisbehaviourTest {
    private static ForecasterContract forecaster(Supplier<Forecaster> s) {
        return new ForecasterContract() {
            @Override
            protected Forecaster strategy() {
                return s.get();
            }

            @Override
            protected Duration timeBudget() {
                return Duration.ofMillis(500);
            }
        };
    }

    private static AllocatorContract allocator(Supplier<Allocator> s) {
        return new AllocatorContract() {
            @Override
            protected Allocator strategy() {
                return s.get();
            }
        };
    }

    /** Runs every dynamic test; the first failure propagates. */
    private static void runAll(Stream<DynamicTest> tests) throws Throwable {
        for (DynamicTest t : tests.toList()) {
            t.getExecutable().execute();
        }
    }

    @Test
    void aForecasterWithoutASemanticVersionFailsItsIdentity() {
        ForecasterContract c = forecaster(() -> new Samples.MeanForecaster() {
            @Override
            public String version() {
                return "1.0";
            }
        });
        assertThatThrownBy(c::saysItsRoleNameAndSemanticVersion).hasMessageContaining("version of mean");
    }

    @Test
    void aForecasterThatGivesNaNOnAnEmptyHistoryFailsTheEdgeInputs() throws Throwable {
        ForecasterContract c = forecaster(() -> new Samples.MeanForecaster() {
            @Override
            public Forecast forecast(ForecastRequest r) {
                double[] v = new double[r.steps()];
                if (r.history().size() == 0) {
                    v[0] = Double.NaN;
                }
                return new Forecast(
                        "m", null, new TimeSeries(r.issueTime(), r.history().step(), "W", r.issueTime(), v), null);
            }
        });
        runAll(c.realisticInputsGiveValidOutputWithinTheTimeBudget());
        assertThatThrownBy(() -> runAll(c.edgeInputsGiveValidOutputWithoutThrowing()))
                .hasMessageContaining("no history")
                .hasMessageContaining("P50 is NaN at step 0");
    }

    @Test
    void aSlowForecasterFailsTheTimeBudget() {
        ForecasterContract c = forecaster(() -> new Samples.MeanForecaster() {
            @Override
            public Forecast forecast(ForecastRequest r) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.forecast(r);
            }
        });
        assertThatThrownBy(() -> runAll(c.realisticInputsGiveValidOutputWithinTheTimeBudget()))
                .hasMessageContaining("mean took longer than PT0.5S");
    }

    @Test
    void aForecasterThatDriftsFailsDeterminism() {
        AtomicInteger calls = new AtomicInteger();
        ForecasterContract c = forecaster(() -> new Samples.MeanForecaster() {
            @Override
            public Forecast forecast(ForecastRequest r) {
                Forecast f = super.forecast(r);
                double[] v = f.p50().values();
                v[0] += calls.incrementAndGet();
                return new Forecast(
                        "m", null, new TimeSeries(r.issueTime(), r.history().step(), "W", r.issueTime(), v), null);
            }
        });
        assertThatThrownBy(() -> runAll(c.theSameInputGivesTheSameOutput())).hasMessageContaining("a second instance");
    }

    @Test
    void aDispatcherThatEmptiesEveryBatteryAtFullPowerFailsThePlanChecks() {
        DispatcherContract c = new DispatcherContract() {
            @Override
            protected Dispatcher strategy() {
                return new Samples.IdleDispatcher() {
                    @Override
                    public Plan plan(Scenario s) {
                        Plan idle = super.plan(s);
                        List<AssetSchedule> out = new ArrayList<>();
                        for (Member m : s.community().members()) {
                            for (Site site : m.sites()) {
                                for (Asset a : site.assets()) {
                                    if (a.kind() == AssetKind.BATTERY) {
                                        double[] w = new double[s.steps()];
                                        Arrays.fill(w, a.ratedPowerW());
                                        out.add(new AssetSchedule(a.id(), null, w, "empty it"));
                                    }
                                }
                            }
                        }
                        return new Plan(
                                idle.id(), name(), s.start(), s.start(), s.step(), s.steps(), out, idle.explanation());
                    }
                };
            }
        };
        assertThatThrownBy(() -> runAll(c.realisticInputsGiveValidOutputWithinTheTimeBudget()))
                .hasMessageContaining("three homes, winter day")
                .hasMessageContaining("below its minimum");
    }

    @Test
    void anAllocatorThatThrowsOnNoMeterDataFailsTheEdgeInputs() throws Throwable {
        AllocatorContract c = allocator(() -> new Samples.DynamicAllocator() {
            @Override
            public AllocationResult allocate(AllocationRequest r) {
                if (r.meters().isEmpty()) {
                    throw new IllegalArgumentException("no meter intervals");
                }
                return super.allocate(r);
            }
        });
        runAll(c.realisticInputsGiveValidOutputWithinTheTimeBudget());
        assertThatThrownBy(() -> runAll(c.edgeInputsGiveValidOutputWithoutThrowing()))
                .hasMessageContaining("no meter intervals");
    }

    @Test
    void anAllocatorThatGivesEveryoneItsConsumptionFailsTheSharedEnergyCheck() {
        AllocatorContract c = allocator(() -> new Samples.DynamicAllocator() {
            @Override
            public AllocationResult allocate(AllocationRequest r) {
                AllocationResult fair = super.allocate(r);
                List<AllocationLine> lines = new ArrayList<>();
                for (int i = 0; i < fair.lines().size(); i++) {
                    AllocationLine l = fair.lines().get(i);
                    MeterInterval m = r.meters().get(i);
                    lines.add(new AllocationLine(
                            l.intervalStart(), l.interval(), l.memberId(), m.consumptionWh(), 0, l.policy(), l.rule()));
                }
                return new AllocationResult(fair.strategy(), fair.policy(), lines);
            }
        });
        assertThatThrownBy(() -> runAll(c.realisticInputsGiveValidOutputWithinTheTimeBudget()))
                .hasMessageContaining("more than the shared energy");
    }
}
