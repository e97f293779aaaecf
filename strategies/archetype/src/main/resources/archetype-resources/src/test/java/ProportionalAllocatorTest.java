package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.allocation.Prices;
import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import io.gridhub.strategy.testkit.AllocatorContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every gridhub allocation strategy keeps (inherited: identity, valid allocations within the time
 * budget on real measured profiles and on edge inputs, determinism), and what this one does.
 */
class ProportionalAllocatorTest extends AllocatorContract {
    @Override
    protected Allocator strategy() {
        return new ProportionalAllocator();
    }

    @Test
    void sharesGenerationInProportionToConsumption() {
        Instant t = Instant.parse("2026-06-01T12:00:00Z");
        Duration q = Duration.ofMinutes(15);
        PolicyRef policy = new PolicyRef("example", 1);
        List<MeterInterval> meters = List.of(
                new MeterInterval(t, q, "producer", 0, 600),
                new MeterInterval(t, q, "a", 600, 0),
                new MeterInterval(t, q, "b", 200, 0));
        AllocationRequest request =
                new AllocationRequest("c", policy, meters, null, Prices.flat(0.30, 0.10));

        AllocationResult r = new ProportionalAllocator().allocate(request);

        // G = 600 Wh of C = 800 Wh: each member gets 75 % of its consumption, worth 0.20 EUR/kWh.
        assertThat(r.lines()).extracting(AllocationLine::memberId, AllocationLine::allocatedWh)
                .containsExactly(
                        tuple("producer", 0.0),
                        tuple("a", 450.0),
                        tuple("b", 150.0));
        assertThat(r.lines().get(1).valueEur()).isCloseTo(0.09, offset(1e-12));
    }
}
