package ${package};

import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.strategy.Strategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Component;

/**
 * The ${strategyName} allocation strategy. As generated: in each metered interval the community's generation G is
 * shared in proportion to consumption, a_i = c_i·min(1, G/C), with consumption and generation counted at each
 * member's participation factor; an allocated kWh is worth the import price it saves minus the export price it
 * forgoes. Replace {@link #allocate} with your key; keep the contract (its test) passing. Activating an allocation
 * strategy always needs a governance lead's approval.
 */
@Component(service = {Allocator.class, Strategy.class})
public final class ProportionalAllocator implements Allocator {
    private final Identity identity = Identity.load();

    @Override
    public String name() {
        return identity.name();
    }

    @Override
    public String version() {
        return identity.version();
    }

    @Override
    public AllocationResult allocate(AllocationRequest request) {
        Map<Instant, List<MeterInterval>> byInterval = new TreeMap<>();
        for (MeterInterval m : request.meters()) {
            byInterval.computeIfAbsent(m.start(), k -> new ArrayList<>()).add(m);
        }
        List<AllocationLine> lines = new ArrayList<>();
        byInterval.forEach((t, meters) -> {
            Map<String, Double> consumed = new LinkedHashMap<>();
            double generation = 0;
            for (MeterInterval m : meters) {
                double f = request.rules().factorOf(m.memberId());
                consumed.merge(m.memberId(), f * m.consumptionWh(), Double::sum);
                generation += f * m.generationWh();
            }
            double consumption = consumed.values().stream().mapToDouble(Double::doubleValue).sum();
            double ratio = consumption > 0 ? Math.min(1, generation / consumption) : 0;
            double eurPerKWh = request.prices().importAt(t) - request.prices().exportAt(t);
            String rule = String.format(
                    Locale.ROOT,
                    "proportional: c_i·min(1, G/C), G=%.3f kWh, C=%.3f kWh",
                    generation / 1000,
                    consumption / 1000);
            for (MeterInterval m : meters) {
                double a = consumed.get(m.memberId()) * ratio;
                double eur = a / 1000 * eurPerKWh;
                lines.add(new AllocationLine(t, m.length(), m.memberId(), a, eur, request.policy(), rule));
            }
        });
        List<String> notes = request.prices().known()
                ? List.of()
                : List.of("no prices given: every value is 0 EUR");
        return new AllocationResult(name() + "@" + version(), request.policy(), lines, List.of(), notes);
    }
}
