package io.gridhub.camel.internal;

import io.gridhub.api.model.Sample;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.util.List;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** A {@code gridhub:} endpoint; its options are set by the component from the URI (unknown ones are refused). */
final class GridhubEndpoint extends DefaultEndpoint {
    enum Kind {
        RAW,
        BUS,
        QUARANTINE
    }

    private final Kind kind;
    private String source = GridhubComponent.WILDCARD;
    private boolean durable;

    GridhubEndpoint(String uri, GridhubComponent component, Kind kind) {
        super(uri, component);
        this.kind = kind;
    }

    @Override
    public GridhubComponent getComponent() {
        return (GridhubComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return switch (kind) {
            case BUS -> new GridhubProducer(this, this::publish);
            case QUARANTINE -> new GridhubProducer(this, this::quarantine);
            case RAW -> throw new IllegalArgumentException("gridhub:raw is consumed (from), not produced to");
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (kind != Kind.RAW) {
            throw new IllegalArgumentException(
                    "only gridhub:raw can be consumed (from); " + getEndpointUri() + " is produced to");
        }
        GridhubRawConsumer consumer = new GridhubRawConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** {@code gridhub:bus}: publishes a normalized batch as one bus publication; durable: stored first. */
    void publish(Normalized n) throws StoreException {
        List<Sample> samples = n.samples();
        if (samples.isEmpty()) {
            return;
        }
        GridhubComponent c = getComponent();
        if (durable) {
            TimeSeriesStore store = c.store();
            if (store == null) {
                throw new StoreException("no time-series store is running: " + samples.size() + " samples of "
                        + n.source() + " cannot be acknowledged");
            }
            store.appendAndPublish(samples, c.bus());
        } else {
            c.bus().publish(samples);
        }
    }

    /** {@code gridhub:quarantine}: keeps the readings a normalized batch could not use, with their reasons. */
    void quarantine(Normalized n) {
        getComponent().quarantine().addAll(n.quarantined());
    }

    Kind kind() {
        return kind;
    }

    /** URI option {@code source}: the device or source this consumer takes. */
    public void setSource(String source) {
        this.source = source;
    }

    public String getSource() {
        return source;
    }

    /** URI option {@code durable}: store before publishing (gridhub:bus). */
    public void setDurable(boolean durable) {
        this.durable = durable;
    }

    public boolean isDurable() {
        return durable;
    }
}
