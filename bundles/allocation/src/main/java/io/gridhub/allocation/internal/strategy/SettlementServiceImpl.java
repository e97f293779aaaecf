package io.gridhub.allocation.internal.strategy;

import io.gridhub.allocation.internal.data.InputException;
import io.gridhub.allocation.internal.run.Conversions;
import io.gridhub.allocation.internal.run.Inputs;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.settlement.InvalidInputException;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementInput;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.settlement.SettlementService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Checks text input like the CLI, hands the request to the deployed allocation strategy of that name (highest
 * version, so a newer strategy bundle takes over without a restart) and records the result in the ledger.
 */
@Component(service = SettlementService.class)
public final class SettlementServiceImpl implements SettlementService {
    private final SettlementLedger ledger;
    private final List<Allocator> allocators = new CopyOnWriteArrayList<>();

    @Activate
    public SettlementServiceImpl(@Reference SettlementLedger ledger) {
        this.ledger = ledger;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAllocator(Allocator a) {
        allocators.add(a);
    }

    void removeAllocator(Allocator a) {
        allocators.remove(a);
    }

    @Override
    public SettlementRun settle(SettlementInput in) throws InvalidInputException, SettlementException {
        Inputs.Parsed p;
        try {
            p = Inputs.parse(in.method(), Inputs.text(in.metersName(), in.metersCsv()),
                    in.policyJson() == null || in.policyJson().isBlank() ? null
                            : Inputs.text(in.policyName(), in.policyJson()),
                    in.importPrice(), in.exportPrice(),
                    in.pricesCsv() == null || in.pricesCsv().isBlank() ? null
                            : Inputs.text(in.pricesName(), in.pricesCsv()));
        } catch (InputException e) {
            throw new InvalidInputException(e.getMessage());
        }
        Allocator a = allocators.stream().filter(x -> x.name().equals(p.method().id()))
                .max(Comparator.comparing(Allocator::version, SettlementServiceImpl::compareVersions))
                .orElseThrow(() -> new InvalidInputException("no allocation strategy '" + p.method().id()
                        + "' is deployed (deployed: " + methods() + ")"));
        AllocationRequest request = new AllocationRequest(in.communityId(), p.policy().ref(),
                Conversions.intervals(p.table()), p.policy(), p.prices());
        AllocationResult r;
        try {
            r = a.allocate(request);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        List<String> notes = new ArrayList<>(p.notes());
        notes.addAll(r.notes());
        return ledger.append(new SettlementRun(in.communityId(), p.table().period(), 0, null, p.method().id(),
                r.strategy(), r.policy(), request.meters(), r.lines(), r.shares(), notes));
    }

    @Override
    public List<String> methods() {
        return allocators.stream().map(Allocator::name).distinct().sorted().toList();
    }

    /** Semantic versions compared numerically, part by part. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int k = 0; k < Math.max(x.length, y.length); k++) {
            int p = k < x.length ? parse(x[k]) : 0;
            int q = k < y.length ? parse(y[k]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
