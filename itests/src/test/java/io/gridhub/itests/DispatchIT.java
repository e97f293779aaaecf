package io.gridhub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The LP optimizer in the distribution: OR-Tools' natives load inside Karaf and a hand-computed optimum comes out. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DispatchIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        return GridhubContainer.configuration(DispatchIT.class);
    }

    private Optional<Dispatcher> dispatcher(String name) {
        for (ServiceReference<Dispatcher> r : services()) {
            Dispatcher d = context.getService(r);
            if (d != null && d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private Collection<ServiceReference<Dispatcher>> services() {
        try {
            return context.getServiceReferences(Dispatcher.class, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void lpOptimizerSolvesInsideKaraf() throws Exception {
        assertTrue(
                "no lp-optimizer service within " + STARTUP,
                Waits.until(STARTUP, () -> dispatcher("lp-optimizer").isPresent()));
        // No load; a 5 kW / 10 kWh battery, empty at start and end, 90 % each way; 0.10 then 0.30 EUR/kWh.
        // Charge 5 kWh, store 4.5, deliver 4.05: 0.50 − 1.215 = −0.715 EUR.
        Instant t0 = Instant.parse("2024-06-01T00:00:00Z");
        Member m = new Member(
                "m1",
                null,
                null,
                List.of(new Site("s1", null, null, List.of(new Asset("b1", null, AssetKind.BATTERY, 5000, 10000)))),
                null);
        Community c = new Community("it", null, List.of(m), List.of(), List.of(), List.of());
        TimeSeries price = new TimeSeries(t0, Duration.ofHours(1), "EUR/kWh", t0, new double[] {0.1, 0.3});
        Scenario s = new Scenario(
                "it",
                c,
                t0,
                Duration.ofHours(1),
                2,
                Map.of(),
                price,
                price,
                List.of(new BatteryParameters("b1", 5000, 5000, 10000, 0, 1, 0, 0, 0.9, 0.9, 0)),
                Map.of(),
                null);
        Plan plan = dispatcher("lp-optimizer").orElseThrow().plan(s);
        assertEquals(plan.explanation().summary(), "OPTIMAL", plan.explanation().status());
        assertEquals(-0.715, plan.explanation().costEur(), 1e-9);
        assertEquals(4050, plan.schedules().get(0).setpointsW()[1], 1e-6);
        // The rule strategy is deployed beside it, as the fallback and for hot swaps (its bundle may start later).
        assertTrue(
                "no rules dispatcher within " + STARTUP,
                Waits.until(STARTUP, () -> dispatcher("rules").isPresent()));
    }
}
