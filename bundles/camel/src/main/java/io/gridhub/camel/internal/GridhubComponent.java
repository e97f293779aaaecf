package io.gridhub.camel.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.QuarantineEntry;
import io.gridhub.api.store.TimeSeriesStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code gridhub:} Camel component, the link between the hub's services and routes:
 * <ul>
 * <li>{@code gridhub:raw[?source=<device>]} (consumer): receives the poll cycles handed to {@link #dispatch}
 * (by {@code RawIngest}) as {@link RawCycle} bodies, one exchange per cycle; without {@code source} it takes
 * every source that has no consumer of its own;</li>
 * <li>{@code gridhub:bus[?durable=true]} (producer): publishes the samples of a {@link Normalized} body on the
 * sample bus; durable: stores them first and publishes only after the commit;</li>
 * <li>{@code gridhub:quarantine} (producer): adds the quarantined entries of a {@link Normalized} body to the
 * quarantine.</li>
 * </ul>
 */
final class GridhubComponent extends DefaultComponent {
    static final String WILDCARD = "*";

    private final SampleBus bus;
    private final Supplier<TimeSeriesStore> store;
    private final QuarantineLog quarantine;
    private final Map<String, GridhubRawConsumer> consumers = new ConcurrentHashMap<>();

    GridhubComponent(SampleBus bus, Supplier<TimeSeriesStore> store, QuarantineLog quarantine) {
        this.bus = bus;
        this.store = store;
        this.quarantine = quarantine;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        GridhubEndpoint.Kind kind;
        try {
            kind = GridhubEndpoint.Kind.valueOf(remaining.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gridhub: endpoint '" + remaining + "' is none of raw, bus, quarantine");
        }
        GridhubEndpoint endpoint = new GridhubEndpoint(uri, this, kind);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    void register(String source, GridhubRawConsumer consumer) {
        GridhubRawConsumer old = consumers.putIfAbsent(source, consumer);
        if (old != null && old != consumer) {
            throw new IllegalStateException("source '" + source + "' already has a gridhub:raw consumer");
        }
    }

    void unregister(String source, GridhubRawConsumer consumer) {
        consumers.remove(source, consumer);
    }

    /** Hands a cycle to the consumer of its source; with none, every reading goes to the quarantine. */
    IngestResult dispatch(RawCycle cycle) {
        GridhubRawConsumer c =
                Optional.ofNullable(consumers.get(cycle.source())).orElseGet(() -> consumers.get(WILDCARD));
        if (c == null) {
            return quarantineAll(
                    cycle, "no route takes source '" + cycle.source() + "' (is the Camel context " + "started?)");
        }
        return c.submit(cycle);
    }

    /** Every reading of a cycle to the quarantine with one reason: nothing is dropped uncounted. */
    IngestResult quarantineAll(RawCycle cycle, String reason) {
        List<QuarantineEntry> entries = new ArrayList<>(cycle.readings().size());
        for (int i = 0; i < cycle.readings().size(); i++) {
            var r = cycle.readings().get(i);
            String raw = cycle.rawOf(i);
            entries.add(new QuarantineEntry(
                    cycle.received(),
                    cycle.source(),
                    r.address(),
                    raw.isEmpty() ? Double.toString(r.rawValue()) : raw,
                    r.sourceTime(),
                    reason));
        }
        quarantine.addAll(entries);
        return new IngestResult(0, entries.size(), 0);
    }

    SampleBus bus() {
        return bus;
    }

    TimeSeriesStore store() {
        return store.get();
    }

    QuarantineLog quarantine() {
        return quarantine;
    }
}
